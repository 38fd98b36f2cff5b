import { TruncatedBodyError } from "../errors.js";

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_INFO",
  "Z_BUF_ERROR",
  "Z_DATA_ERROR",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

export type NetworkErrorKind = "dns" | "transient" | "other";

/** Sorts a thrown error into: unresolvable host (fail fast), transient (retry), or something else. */
export function networkErrorKind(err: unknown): NetworkErrorKind {
  for (const e of causeChain(err)) {
    if (e instanceof TruncatedBodyError) return "transient";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (DNS_CODES.has(code)) return "dns";
      if (TRANSIENT_CODES.has(code)) return "transient";
    }
    const message = e instanceof Error ? e.message : "";
    if (/other side closed|socket hang up|terminated|premature close|unexpected end of file/i.test(message)) return "transient";
  }
  return "other";
}

/** A short description of the error for messages: its code and message, innermost cause included. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  for (const e of causeChain(err)) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    const text = typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(" <- ");
}

function* causeChain(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && !seen.has(e)) {
    seen.add(e);
    yield e;
    if (e instanceof AggregateError) for (const inner of e.errors) yield inner;
    e = (e as { cause?: unknown }).cause;
  }
}
