/**
 * The one request walker: first request → send → check the page's shape → select the records →
 * ask the paginator for the next request, until it has none. Every stream kind reads through it
 * (declarative REST streams, substream partitions, shared passes, per-brand reads, listings).
 *
 * - A page is validated inside the HTTP client's retry loop (`RequestOptions.validate`): a body that
 *   is not a JSON object (or, for a function selector, a bare array), a records field that is not an array of objects, or an envelope without
 *   the pagination fields its family needs is retried like a truncated body, then fails the stream
 *   with a message naming the URL and the problem. It is never read as an empty page, so no state
 *   moves past a page that was not read.
 * - Loop detection: a next request whose position (URL, or the paginator's `position`, e.g. a
 *   cursor) was already read in this walk, or a page with records whose body is byte for byte one
 *   already read (an API that ignores its page parameter), fails the stream, naming what repeated.
 * - Read-ahead (opt-in, `readAhead: true`): once the paginator has produced page N+1's request from
 *   page N, that request is sent before page N is handed to the caller, so the API works on the next
 *   page while the caller writes this one. Only for walks whose end is decided by pagination alone
 *   (an incremental export read to its end): a caller that stops early (`break`) would otherwise
 *   have sent a request it does not use. The prefetch is an ordinary request (same client, retry
 *   engine, rate budget, wire slot, rules and validation); on `break`, an error thrown by the caller
 *   or an abort it is cancelled and its failure dropped; otherwise its error surfaces when its page
 *   is due. At most one page is held beyond the one the caller has.
 */
import { createHash } from "node:crypto";
import type { ErrorRule, HttpClient, HttpRequest, HttpResponse } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import type { StreamRecord } from "../contracts/stream.js";
import { ConnectorError } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { abortReason } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";

/**
 * Where a page's records are: a top-level key (required, an array of objects), or a function of the
 * body. Only a function accepts a body that is a top-level array (APIs such as GitHub's answer with a
 * bare array: `records: (body) => body`); a key needs a JSON object.
 */
export type RecordSelector = string | ((body: any) => unknown);

export interface PageWalk {
  /** Absolute URL (or full request) of the first request, before the paginator's first-page parameters. */
  url: string | HttpRequest;
  paginator: Paginator;
  records: RecordSelector;
  rules?: ErrorRule[];
  /** Stream name for logs and messages. */
  label: string;
  /**
   * Send the next page's request while the caller handles this page (see above). Only for walks the
   * caller reads to the end: a caller that may `break` early (data feeds stopping at state) must not
   * set it, or it sends one request it never uses.
   */
  readAhead?: boolean;
}

export interface WalkedPage {
  body: any;
  records: StreamRecord[];
  response: HttpResponse;
}

export interface WalkContext {
  http: HttpClient;
  signal?: AbortSignal;
}

/**
 * Sends the first request and follows the paginator. The caller may stop early (`break`): without
 * `readAhead` no further request is sent, which is how data feeds stop at the first record older
 * than state; with it, the one request already sent is cancelled.
 */
export async function* walkPages(ctx: WalkContext, walk: PageWalk): AsyncGenerator<WalkedPage> {
  const base: HttpRequest = typeof walk.url === "string" ? { method: "GET", url: walk.url, headers: { accept: "application/json" } } : walk.url;
  const { paginator } = walk;
  const positionOf = (request: HttpRequest) => (paginator.position ? paginator.position(request) : request.url);
  const validate = (response: HttpResponse) => pageProblem(response.json(), walk.records, paginator);
  // Read-ahead cancels its prefetch through its own signal, which also follows the caller's (forwarded
  // by hand and removed at the end, so a long-lived sync signal collects no listener per walk).
  const cancel = walk.readAhead ? new AbortController() : undefined;
  const follow = () => cancel!.abort(abortReason(ctx.signal!));
  if (cancel && ctx.signal) {
    if (ctx.signal.aborted) follow();
    else ctx.signal.addEventListener("abort", follow, { once: true });
  }
  const signal = cancel?.signal ?? ctx.signal;
  const send = (request: HttpRequest) => ctx.http.send(request, { rules: walk.rules, signal, label: walk.label, validate });
  let request: HttpRequest | undefined = paginator.first(base);
  const seen = new Set<string>([positionOf(request)]);
  const bodies = new Set<string>();
  /** The next page's response, when read-ahead already sent its request. */
  let prefetched: Promise<HttpResponse> | undefined;
  try {
    while (request) {
      const pending = prefetched;
      prefetched = undefined;
      const response = await (pending ?? send(request));
      const page = checkPage(request, response);
      request = page.next;
      if (request && cancel) {
        prefetched = send(request);
        // Until its page is due, a failure is held here (it surfaces at the `await` above) rather
        // than reported as unhandled; when the caller stops first, it is dropped.
        prefetched.catch(() => undefined);
      }
      yield page.walked;
    }
  } finally {
    if (cancel && ctx.signal) ctx.signal.removeEventListener("abort", follow);
    if (prefetched) cancel!.abort(new Error(`${walk.label}: read-ahead cancelled, the caller stopped`));
  }

  /** Validates a page, selects its records, checks for loops and asks the paginator for the next request. */
  function checkPage(request: HttpRequest, response: HttpResponse): { walked: WalkedPage; next: HttpRequest | undefined } {
    const body = response.json<any>();
    // Clients without `validate` support (test doubles) still never pass a malformed page on.
    const problem = pageProblem(body, walk.records, paginator);
    if (problem) throw malformedPage(request, problem);
    const records = selectRecords(body, walk.records);
    if (records.length > 0) {
      const digest = response.digest ?? createHash("sha1").update(response.text).digest("hex");
      if (bodies.has(digest)) throw loop(walk.label, `${urlPath(request.url)} answered with a page already read in this pass`);
      bodies.add(digest);
    }
    const next = paginator.next(response, body, records);
    if (next) {
      const position = positionOf(next);
      if (seen.has(position)) throw loop(walk.label, `after ${urlPath(request.url)} the API pointed again at a page already read in this pass (${position})`);
      seen.add(position);
    }
    return { walked: { body, records, response }, next };
  }
}

/** What is wrong with a page, or undefined: the body, the records field, the pagination envelope. */
export function pageProblem(body: unknown, records: RecordSelector, paginator?: Paginator): string | undefined {
  const bareArray = Array.isArray(body) && typeof records === "function";
  if (!bareArray && (body === null || typeof body !== "object" || Array.isArray(body))) {
    return `the body is ${describe(body)}, not a JSON object`;
  }
  const where = typeof records === "string" ? `\`${records}\`` : "the records";
  if (typeof records === "string" && !(records in (body as object))) return `the records field \`${records}\` is missing`;
  const value = typeof records === "string" ? (body as Record<string, unknown>)[records] : records(body);
  if (!Array.isArray(value)) return `${where} is ${describe(value)}, not an array`;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (item === null || typeof item !== "object" || Array.isArray(item)) return `element ${i} of ${where} is ${describe(item)}, not an object`;
  }
  // A bare array has no envelope to validate (its pagination is in the headers).
  return bareArray ? undefined : paginator?.validate?.(body as Record<string, unknown>);
}

function selectRecords(body: any, records: RecordSelector): StreamRecord[] {
  return (typeof records === "string" ? body[records] : records(body)) as StreamRecord[];
}

function loop(label: string, what: string): ConnectorError {
  return new ConnectorError(redactor.redact(`${label}: pagination loop: ${what}; stopping instead of reading the same pages forever.`), "system_error");
}

function malformedPage(request: HttpRequest, problem: string): ConnectorError {
  return new ConnectorError(redactor.redact(`${request.method} ${urlPath(request.url)} returned a malformed page: ${problem}`), "system_error");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
