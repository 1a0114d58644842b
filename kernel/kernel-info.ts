/**
 * What `kernel_info_request` is answered with. Static for a kernel's life, so the sockets'
 * thread can answer it on control even while a cell keeps the main thread busy.
 */
import { PROTOCOL_VERSION } from "./messages.js";
import type { Replies } from "./messages.js";

/** The optional protocol features this kernel has (protocol 5.5's `supported_features`). */
export const SUPPORTED_FEATURES = ["kernel subshells", "iopub_welcome"];

export function kernelInfo(typescriptVersion: string): Replies["kernel_info_reply"] {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tsdl",
    implementation_version: "0.1.0",
    language_info: {
      name: "typescript",
      version: typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: "typescript",
      nbconvert_exporter: "script",
    },
    banner: `tsdl: TypeScript ${typescriptVersion} on Node.js ${process.version}`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/" },
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
    ],
    supported_features: SUPPORTED_FEATURES,
  };
}
