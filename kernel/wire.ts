/**
 * The Jupyter wire format: `<IDS|MSG>`-delimited multipart frames and their HMAC signature.
 * Pure functions, no sockets. A message whose signature does not verify is never decoded
 * into something the kernel could act on.
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Message } from "./messages.js";

export const DELIMITER = "<IDS|MSG>";

/** A signer for one connection: `signature_scheme` "hmac-sha256" and the connection `key`. */
export interface Signer {
  sign(parts: readonly Buffer[]): string;
}

/** `scheme` is the connection file's `signature_scheme`; an empty key disables signing (as the spec allows). */
export function createSigner(scheme: string, key: string): Signer {
  if (key === "") return { sign: () => "" };
  const match = /^hmac-(sha\d+)$/.exec(scheme);
  if (match === null) throw new Error(`wire: unsupported signature_scheme '${scheme}' (expected e.g. hmac-sha256)`);
  const digest = match[1]!;
  return {
    sign(parts) {
      const hmac = createHmac(digest, key);
      for (const part of parts) hmac.update(part);
      return hmac.digest("hex");
    },
  };
}

/** Why an incoming multipart message was dropped. */
export class WireError extends Error {
  override name = "WireError";
}

/** Constant-time comparison of two hex signatures. */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(received, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Split, verify and decode frames. Throws `WireError` (never returns) for anything malformed or unsigned. */
export function decode(frames: readonly Buffer[], signer: Signer): Message {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("latin1") === DELIMITER);
  if (at < 0) throw new WireError(`no ${DELIMITER} delimiter among ${frames.length} frames`);
  if (frames.length < at + 6) throw new WireError(`${frames.length - at - 1} frames after the delimiter, need at least 5`);
  const identities = frames.slice(0, at).map((f) => Buffer.from(f));
  const signature = frames[at + 1]!.toString("latin1");
  const parts = frames.slice(at + 2, at + 6);
  if (!signaturesMatch(signer.sign(parts), signature)) throw new WireError("bad signature");
  const [header, parentHeader, metadata, content] = parts.map((p, i) => parseObject(p, PART_NAMES[i]!));
  const h = header as Record<string, unknown>;
  if (typeof h["msg_type"] !== "string" || typeof h["msg_id"] !== "string") {
    throw new WireError("header lacks a string msg_type or msg_id");
  }
  return {
    identities,
    header: header as unknown as Message["header"],
    parent_header: parentHeader as Message["parent_header"],
    metadata: metadata!,
    content: content!,
    buffers: frames.slice(at + 6).map((f) => Buffer.from(f)),
  };
}

const PART_NAMES = ["header", "parent_header", "metadata", "content"];

function parseObject(part: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(part.toString("utf8"));
  } catch (e) {
    throw new WireError(`${name} is not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WireError(`${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Encode and sign a message into frames ready for a socket. */
export function encode(message: Message, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) =>
    Buffer.from(JSON.stringify(p), "utf8"),
  );
  return [
    ...message.identities.map((i) => Buffer.from(i)),
    Buffer.from(DELIMITER, "latin1"),
    Buffer.from(signer.sign(parts), "latin1"),
    ...parts,
    ...(message.buffers ?? []).map((b) => Buffer.from(b)),
  ];
}
