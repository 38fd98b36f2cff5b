/** Small helpers to build URLs and JSON responses the way Zendesk formats them. */
import { ByteWriter, writerOf } from "../util/json-text.js";

/** Thrown by handlers to answer with a specific status and body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * Serialized bodies of the responses we build, so the loopback server can
 * write the bytes directly: reading a Fetch Response body through web streams
 * costs ~50 ms per MB on Node 20, more than building the page.
 */
export const RAW_BODIES = new WeakMap<Response, Buffer>();

/**
 * A response whose bytes live only in RAW_BODIES (the Fetch body is empty).
 * The simulator pipeline gives it a real body with `materialize()` unless the
 * loopback server, which writes RAW_BODIES directly, is the consumer.
 */
function bytesResponse(status: number, body: Buffer, headers: Record<string, string>): Response {
  const res = new Response(null, { status, headers });
  RAW_BODIES.set(res, body);
  return res;
}

/** Turn a RAW_BODIES response into an ordinary Fetch Response (for in-process msw use). */
export function materialize(res: Response): Response {
  const raw = RAW_BODIES.get(res);
  if (!raw || res.body !== null) return res;
  return new Response(raw, { status: res.status, statusText: res.statusText, headers: res.headers });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return bytesResponse(status, Buffer.from(JSON.stringify(body)), { "content-type": "application/json; charset=utf-8", ...headers });
}

/** Records never change in place (they are replaced), so each version is serialized once. */
const RECORD_JSON = new WeakMap<object, string>();
function recordJson(r: unknown): string {
  if (r === null || typeof r !== "object") return JSON.stringify(r);
  let s = RECORD_JSON.get(r);
  if (s === undefined) {
    s = JSON.stringify(r);
    RECORD_JSON.set(r, s);
  }
  return s;
}

/** Bytes of the last page written per list key, to size the next page's buffer. */
const LAST_PAGE_BYTES = new Map<string, number>();

/** A record's JSON: generated records (tickets, users) regenerate theirs into the bytes; others are serialized once and cached. */
export function writeRecordJson(w: ByteWriter, r: unknown): void {
  const write = writerOf(r);
  if (write !== undefined) write(w, r);
  else w.utf8(recordJson(r));
}

/**
 * A list body `{ <key>: [records…], ...rest }` with the records key first, written into one
 * buffer by `writeRecordJson` (../util/json-text.ts: generated records skip JSON.stringify, strings and
 * the UTF-8 pass).
 */
export function jsonPage(status: number, key: string, records: readonly unknown[], rest: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return jsonPageOf(status, key, records.length, (w, i) => writeRecordJson(w, records[i]), rest, headers);
}

/** `jsonPage` whose `count` records are written by `writeItem(w, i)` (e.g. straight from a generator). */
export function jsonPageOf(
  status: number,
  key: string,
  count: number,
  writeItem: (w: ByteWriter, i: number) => void,
  rest: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const w = new ByteWriter(Math.ceil((LAST_PAGE_BYTES.get(key) ?? 1024) * 1.1) + 1024);
  w.utf8(`{${JSON.stringify(key)}:[`);
  for (let i = 0; i < count; i++) {
    if (i > 0) w.byte(0x2c);
    writeItem(w, i);
  }
  let tail = "]";
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) tail += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
  w.utf8(`${tail}}`);
  if (LAST_PAGE_BYTES.size < 1000) LAST_PAGE_BYTES.set(key, w.at);
  return bytesResponse(status, w.bytes(), { "content-type": "application/json; charset=utf-8", ...headers });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return bytesResponse(status, Buffer.from(body), { "content-type": "text/plain; charset=utf-8", ...headers });
}

/**
 * `origin + path` with the query params sorted by name, as Rails' `to_query`
 * writes Zendesk's links (every recorded link agrees: `cursor=…&per_page=1`,
 * `filter%5Btype%5D=…&page%5Bafter%5D=…&page%5Bsize%5D=…&query=…`,
 * `include_inline_images=false&page%5Bbefore%5D=…`). Repeated params keep their
 * order. Encoded like Zendesk's links (`page%5Bafter%5D=...`, `=` as `%3D`).
 */
export function buildUrl(origin: string, path: string, params: [string, string][]): string {
  const sorted = params
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j))
    .map(([p]) => p);
  const qs = new URLSearchParams(sorted).toString();
  return `${origin}${path}${qs ? `?${qs}` : ""}`;
}

/** The request's query params except the named ones, in request order. */
export function otherParams(query: URLSearchParams, exclude: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of query) if (!exclude.includes(k)) out.push([k, v]);
  return out;
}

/** Parse an optional integer query param; `undefined` when absent, NaN when malformed. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v == null || v === "") return undefined;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
}

export const base64 = {
  encode: (s: string): string => Buffer.from(s, "utf8").toString("base64"),
  decode: (s: string): string => Buffer.from(s, "base64").toString("utf8"),
};
