/**
 * What cells can call without importing anything, declared for the type checker (the
 * engine makes this a root file of every cell's program, a module with a global augmentation).
 * display.ts defines them.
 */
export const USER_GLOBALS = `
declare global {
  /** A MIME bundle: MIME type → data (text, JSON for +json types, base64 for images). */
  type MimeBundle = Record<string, unknown>;
  interface DisplayOptions {
    /** Name this output so a later display({ displayId, update: true }) replaces it in place. */
    displayId?: string;
    /** Replace the output named displayId instead of adding a new one. */
    update?: boolean;
    /** Output metadata, e.g. { "image/png": { width: 200 } }. */
    metadata?: Record<string, unknown>;
  }
  /**
   * Show a value below the cell: anything with a [Symbol.for("Jupyter.display")]() method shows
   * its own MIME bundle; other values show as text.
   */
  function display(value: unknown, options?: DisplayOptions): void;
  /** Clear this cell's output; with wait, only once new output arrives. */
  function clearOutput(options?: { wait?: boolean }): void;
  /** A displayable HTML fragment. */
  function html(source: string): { [key: symbol]: () => MimeBundle };
  /** A displayable Markdown text. */
  function markdown(source: string): { [key: symbol]: () => MimeBundle };
  /** A displayable SVG image. */
  function svg(source: string): { [key: symbol]: () => MimeBundle };
  /** A displayable PNG image from its bytes (or base64 text). */
  function png(bytes: Uint8Array | string): { [key: symbol]: () => MimeBundle };
  /** A displayable JPEG image from its bytes (or base64 text). */
  function jpeg(bytes: Uint8Array | string): { [key: symbol]: () => MimeBundle };
  /** Ask the notebook user for a line of text (needs a frontend that allows stdin). */
  function prompt(message?: string, options?: { password?: boolean }): string;
}
`;
