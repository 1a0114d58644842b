/**
 * The command line of one `tsdl` subcommand, parsed the same way for all of them: `--help` and
 * `-h` print its usage on stdout (exit 0); an unknown or malformed option, a missing value or a
 * value out of range is one line on stderr that names it, then the usage (exit 2). Errors past
 * the command line are the command's own.
 */
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

/** A command line that does not fit the usage; the message names what was wrong. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Command<O extends Options> {
  /** The subcommand, as typed after `tsdl`. */
  name: string;
  /** The usage text, starting `usage: tsdl NAME …`. */
  usage: string;
  options: O;
  /** Whether it takes arguments besides options (default: no). */
  positionals?: boolean;
}

export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: true; strict: true }>>;

/** Parses argv for command and runs body on it; prints the usage for --help and for a UsageError. */
export async function runCommand<O extends Options>(command: Command<O>, argv: string[], body: (args: Parsed<O>) => Promise<number>): Promise<number> {
  try {
    const parsed = parseCommandLine(command, argv);
    if ((parsed.values as { help?: boolean }).help === true) {
      console.log(command.usage);
      return 0;
    }
    return await body(parsed);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`tsdl ${command.name}: ${error.message}\n${command.usage}`);
    return 2;
  }
}

function parseCommandLine<O extends Options>(command: Command<O>, argv: string[]): Parsed<O> {
  try {
    return parseArgs({ args: argv, options: { ...command.options, ...HELP }, allowPositionals: command.positionals === true, strict: true }) as Parsed<O>;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === undefined || !code.startsWith("ERR_PARSE_ARGS_")) throw error;
    // Node's messages, on one line; an unknown option's advice about '--' is left out.
    const line = message.replace(/\s*\n\s*/g, " ");
    throw new UsageError(code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? line.split(". ")[0]! : line);
  }
}

/** The number an option's text holds, which must be positive (and whole, if integer); fallback when absent. */
export function positiveOption(name: string, text: string | undefined, fallback: number, { integer = false } = {}): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? "integer" : "number"}, not '${text}'`);
  }
  return value;
}
