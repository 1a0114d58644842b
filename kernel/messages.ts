/**
 * The Jupyter messaging protocol (5.5) as types, keyed by `msg_type`. The spec's snake_case
 * names live here and in the handlers that fill them in, nowhere else.
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { randomUUID } from "node:crypto";

export const PROTOCOL_VERSION = "5.5";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  /** On shell and stdin: the subshell a request is for (absent or null: the main shell). */
  subshell_id?: string | null;
}

/** A decoded message. `identities` are the ROUTER routing frames, echoed back on replies. */
export interface Message<C = Record<string, unknown>> {
  identities: Uint8Array[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers?: Uint8Array[];
}

export type Channel = "shell" | "control" | "iopub" | "stdin";

export type MimeBundle = Record<string, unknown>;

export interface ErrorContent {
  status: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Requests a client sends on shell or control, by msg_type. */
export interface Requests {
  kernel_info_request: Record<string, never>;
  execute_request: {
    code: string;
    silent?: boolean;
    store_history?: boolean;
    user_expressions?: Record<string, string>;
    allow_stdin?: boolean;
    stop_on_error?: boolean;
  };
  inspect_request: { code: string; cursor_pos: number; detail_level?: 0 | 1 };
  complete_request: { code: string; cursor_pos: number };
  history_request: {
    output: boolean;
    raw: boolean;
    hist_access_type: "range" | "tail" | "search";
    session?: number;
    start?: number;
    stop?: number;
    n?: number;
    pattern?: string;
    unique?: boolean;
  };
  is_complete_request: { code: string };
  comm_info_request: { target_name?: string };
  comm_open: { comm_id: string; target_name: string; data: unknown };
  comm_msg: { comm_id: string; data: unknown };
  comm_close: { comm_id: string; data: unknown };
  shutdown_request: { restart: boolean };
  interrupt_request: Record<string, never>;
  create_subshell_request: Record<string, never>;
  delete_subshell_request: { subshell_id: string };
  list_subshell_request: Record<string, never>;
}

export type RequestType = keyof Requests;

/** Request type → reply content (successful form; every reply may also be an `ErrorContent`). */
export interface Replies {
  kernel_info_reply: {
    status: "ok";
    protocol_version: string;
    implementation: string;
    implementation_version: string;
    language_info: {
      name: string;
      version: string;
      mimetype: string;
      file_extension: string;
      pygments_lexer: string;
      codemirror_mode: string;
      nbconvert_exporter: string;
    };
    banner: string;
    help_links: { text: string; url: string }[];
    supported_features: string[];
  };
  execute_reply:
    | { status: "ok"; execution_count: number; payload: unknown[]; user_expressions: Record<string, unknown> }
    | (ErrorContent & { execution_count: number })
    | { status: "aborted"; execution_count: number };
  inspect_reply: { status: "ok"; found: boolean; data: MimeBundle; metadata: Record<string, unknown> };
  complete_reply: {
    status: "ok";
    matches: string[];
    cursor_start: number;
    cursor_end: number;
    metadata: Record<string, unknown>;
  };
  history_reply: { status: "ok"; history: [number, number, string | [string, string | null]][] };
  is_complete_reply: { status: "complete" | "incomplete" | "invalid" | "unknown"; indent?: string };
  comm_info_reply: { status: "ok"; comms: Record<string, { target_name: string }> };
  shutdown_reply: { status: "ok"; restart: boolean };
  interrupt_reply: { status: "ok" };
  create_subshell_reply: { status: "ok"; subshell_id: string };
  delete_subshell_reply: { status: "ok" };
  list_subshell_reply: { status: "ok"; subshell_id: string[] };
}

/** Messages the kernel publishes on iopub, by msg_type. */
export interface Broadcasts {
  status: { execution_state: "busy" | "idle" | "starting" };
  execute_input: { code: string; execution_count: number };
  execute_result: { execution_count: number; data: MimeBundle; metadata: Record<string, unknown> };
  stream: { name: "stdout" | "stderr"; text: string };
  display_data: { data: MimeBundle; metadata: Record<string, unknown>; transient?: { display_id: string } };
  update_display_data: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id: string } };
  clear_output: { wait: boolean };
  error: Omit<ErrorContent, "status">;
  comm_open: { comm_id: string; target_name: string; data: unknown; target_module?: string };
  comm_msg: { comm_id: string; data: unknown };
  comm_close: { comm_id: string; data: unknown };
  iopub_welcome: { subscription: string };
}

export interface StdinMessages {
  input_request: { prompt: string; password: boolean };
  input_reply: { value: string };
}

/** The reply type answering a request type: `execute_request` → `execute_reply`. */
export function replyType(requestType: string): string {
  return requestType.replace(/_request$/, "_reply");
}

/** A fresh header for an outgoing message in `session`. */
export function makeHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** A message answering or caused by `parent` (its identities are reused for routing). */
export function makeMessage<C>(
  msgType: string,
  content: C,
  parent: Pick<Message, "header" | "identities"> | undefined,
  session: string,
  metadata: Record<string, unknown> = {},
): Message<C> {
  return {
    identities: parent?.identities ?? [],
    header: makeHeader(msgType, session),
    parent_header: parent?.header ?? {},
    metadata,
    content,
  };
}
