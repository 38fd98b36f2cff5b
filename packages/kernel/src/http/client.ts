import { gunzip, inflate, brotliDecompress } from "node:zlib";
import { promisify } from "node:util";
import { Pool } from "undici";
import type { Authenticator } from "../contracts/authenticator.js";
import type { Budget } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { ErrorRule, HttpClient, HttpRequest, HttpResponse, RequestOptions } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { ConnectionStats } from "../contracts/source.js";
import { HttpFailure, SkipError, TruncatedBodyError } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { waitUnless } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";
import { classify } from "./classify.js";
import { lowerCaseHeaders } from "./headers.js";
import { createDownloader } from "./download.js";
import { parseRetryAfter } from "./retry-after.js";
import { type AttemptOutcome, RetryEngine, type RetryPolicy, type RetryRun } from "./retry.js";

export type HttpRetryOptions = RetryPolicy;

export interface HttpFailureHints {
  /** After "could not resolve host …:". Default "check the host name and your network". */
  unresolvedHost?: string;
  /** After "… was still rate limited …:". Default "another client may be using up the API budget; lower the concurrency or try later". */
  stillRateLimited?: string;
  /** The config setting of the request deadline, named when it is passed (e.g. `request_timeout_seconds`). */
  deadlineSetting?: string;
  /** The config setting of the response size limit, named when a response exceeds it. */
  maxResponseSetting?: string;
}

export interface HttpClientOptions {
  authenticator: Authenticator;
  budget: Budget;
  clock: Clock;
  logger: Logger;
  /**
   * Connection-wide rules, consulted after the request's own `rules`. A built-in tail always applies
   * last: 2xx → success; 429 → rate_limited (Retry-After, fractional seconds OK, fallback 60 s);
   * 408/500/502/503/504 → retry (Retry-After if present else exponential backoff with full jitter);
   * anything else → fail system_error. A rule's retry verdict may carry its own `backoff`
   * (factor × 2^n, see `RetryBackoff`), which replaces the jittered backoff for that retry.
   */
  rules?: ErrorRule[];
  retry?: HttpRetryOptions;
  /** Keep-alive connections per origin. Default 8. */
  connectionsPerOrigin?: number;
  /** Idle timeout: headers, and each gap between body chunks, per attempt. Default 120 000 ms. */
  timeoutMs?: number;
  /** Total deadline of one attempt of a JSON request, headers and body together. Default 120 000 ms. */
  deadlineMs?: number;
  /**
   * Largest response body (after decompression) held in memory; a larger one fails the request
   * instead of swelling the process. Default 128 MiB: API pages are far smaller.
   */
  maxResponseBytes?: number;
  userAgent?: string;
  /** What to tell the user in failure messages, in the source's words (its config keys, its settings). */
  hints?: HttpFailureHints;
}

export type ConnectionHttpClient = HttpClient & { stats(): ConnectionStats; close(): Promise<void> };

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const DEFAULT_USER_AGENT = "calabi-connect/0.1 (+https://github.com/calabi)";
const DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024;
const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);
/** Decompressors that stop at `max` output bytes (a compressed body must not expand past the limit). */
const decoders: Partial<Record<string, (buf: Buffer, max: number) => Promise<Buffer>>> = {
  gzip: (buf, max) => gunzipAsync(buf, { maxOutputLength: max }),
  "x-gzip": (buf, max) => gunzipAsync(buf, { maxOutputLength: max }),
  deflate: (buf, max) => inflateAsync(buf, { maxOutputLength: max }),
  br: (buf, max) => brotliAsync(buf, { maxOutputLength: max }),
};

/** Not retried: the same page would be as large again. */
export class ResponseTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResponseTooLargeError";
  }
}

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * The undici HTTP client: auth → budget → send → classify → act. Each attempt is one `attempt`
 * below; the retry engine decides what happens after it (retry, wait, refresh, skip, fail).
 */
export function createHttpClient(options: HttpClientOptions): ConnectionHttpClient {
  const { authenticator, budget, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadlineMs = options.deadlineMs ?? 120_000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const tooLarge = (bytes: string) =>
    new ResponseTooLargeError(
      `the response body is larger than ${mebibytes(maxResponseBytes)}${options.hints?.maxResponseSetting ? ` (${options.hints.maxResponseSetting})` : ""} (${bytes}); it is refused rather than held in memory`,
    );
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const engine = new RetryEngine(options.retry ?? {}, clock, logger);
  const pools = new Map<string, Pool>();
  let requests = 0;
  let closed = false;

  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: options.connectionsPerOrigin ?? 8, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      pools.set(origin, pool);
    }
    return pool;
  };

  /** One exchange on the wire, within the total deadline. */
  async function sendOnce(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(deadlineMs);
    try {
      return await exchange(request, signal ? AbortSignal.any([signal, deadline]) : deadline);
    } catch (error) {
      if (deadline.aborted && !signal?.aborted) throw deadlineError(deadlineMs, options.hints?.deadlineSetting);
      throw error;
    }
  }

  async function exchange(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { accept: "application/json", "accept-encoding": "gzip, deflate", "user-agent": userAgent };
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    const res = await poolFor(url.origin).request({ path: url.pathname + url.search, method: request.method, headers, body: request.body, signal });
    const responseHeaders = lowerCaseHeaders(res.headers);
    const announced = Number(responseHeaders["content-length"]);
    // Discarding the body early makes undici abort it: that abort is expected, not an error to report.
    const discard = () => res.body.on("error", () => undefined).destroy();
    if (announced > maxResponseBytes) {
      discard();
      throw tooLarge(`Content-Length ${announced} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxResponseBytes) {
        discard();
        throw tooLarge(`more than ${size} bytes received`);
      }
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks, size);
    const declared = responseHeaders["content-length"];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) !== raw.length) {
      throw new TruncatedBodyError(`body has ${raw.length} of ${declared} bytes`);
    }
    const decode = decoders[(responseHeaders["content-encoding"] ?? "").trim().toLowerCase()];
    const decoded = decode && raw.length ? await decode(raw, maxResponseBytes).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "ERR_BUFFER_TOO_LARGE" ? tooLarge(`a ${raw.length}-byte compressed body that expands further`) : error;
    }) : raw;
    const text = decoded.toString("utf8");
    return makeResponse(res.statusCode, responseHeaders, text, request);
  }

  /** One attempt: credentials, budget, the exchange, then what the rules make of the response. */
  async function attempt(request: HttpRequest, requestOptions: RequestOptions, requireJson: boolean, what: string): Promise<AttemptOutcome<HttpResponse>> {
    if (closed) return { fail: new HttpFailure(`${what}: the HTTP client is closed`, "system_error", undefined, urlPath(request.url)) };
    const authed = await authenticator.apply(request);
    // A soft stop (waitSignal) ends the wait for the budget, never a request in flight.
    await waitUnless(requestOptions.signal, requestOptions.waitSignal, (s) => budget.acquire(authed, s));
    // The wire slot comes after the budget: a request waiting on its rate class holds none.
    const release = requestOptions.inFlight ? await waitUnless(requestOptions.signal, requestOptions.waitSignal, (s) => requestOptions.inFlight!.acquire(s)) : undefined;
    requests++;
    let response: HttpResponse;
    try {
      response = await sendOnce(authed, requestOptions.signal);
    } finally {
      release?.();
    }
    budget.observe(authed, response);
    const verdict = classify(response, [requestOptions.rules, options.rules], logger);
    const retryAfter = () => parseRetryAfter(response.headers["retry-after"], clock.now());
    switch (verdict.action) {
      case "success": {
        const problem = contentProblem(response, requestOptions, requireJson);
        return problem ? { retry: `HTTP ${response.status} with ${problem}`, status: response.status } : { ok: response };
      }
      case "retry":
        return { retry: `HTTP ${response.status} (${verdict.reason})`, status: response.status, delayMs: verdict.delayMs ?? retryAfter(), backoff: verdict.backoff };
      case "rate_limited":
        return { rateLimited: response.status, delayMs: verdict.delayMs ?? retryAfter() ?? DEFAULT_RATE_LIMIT_WAIT_MS, pause: (ms) => budget.pause(authed, ms) };
      case "refresh_auth":
        return { refresh: verdict.reason, status: response.status, ...(authenticator.refresh ? { run: () => authenticator.refresh!(response) } : {}) };
      case "skip":
        return { fail: new SkipError(verdict.scope, redact(inContext(verdict.message, what, response.status)), response.status) };
      case "fail":
        return { fail: new HttpFailure(redact(inContext(verdict.message, what, response.status)), verdict.failureType, response.status, urlPath(request.url)) };
    }
  }

  const runFor = (request: HttpRequest, requestOptions: RequestOptions): RetryRun => ({
    what: `${request.method} ${urlPath(request.url)}`,
    path: urlPath(request.url),
    host: safeHost(request.url),
    label: requestOptions.label,
    signal: requestOptions.signal,
    waitSignal: requestOptions.waitSignal,
    maxAttempts: requestOptions.maxAttempts,
    unresolvedHostHint: options.hints?.unresolvedHost,
    stillRateLimitedHint: options.hints?.stillRateLimited,
  });

  function execute(request: HttpRequest, requestOptions: RequestOptions, requireJson: boolean): Promise<HttpResponse> {
    const run = runFor(request, requestOptions);
    return engine.run(run, () => attempt(request, requestOptions, requireJson, run.what));
  }

  const downloader = createDownloader({ authenticator, budget, engine, timeoutMs, userAgent, runFor });

  return {
    download: (request, downloadOptions) => downloader.transfer(request, async (result) => result, downloadOptions),
    transfer: (request, consume, downloadOptions) => downloader.transfer(request, consume, downloadOptions),
    send: (request, requestOptions = {}) => execute(request, requestOptions, false),
    async getJson<T = unknown>(url: string, requestOptions: RequestOptions = {}) {
      const response = await execute({ method: "GET", url, headers: {} }, requestOptions, true);
      return { body: response.json<T>(), response };
    },
    stats: () => ({ requests, ...engine.counters }),
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.close().catch(() => p.destroy())));
      await downloader.close().catch(() => undefined);
    },
  };
}

export { factorBackoff } from "./retry.js";

/** What is wrong with a successful response's content (invalid JSON, a malformed page), if anything. */
function contentProblem(response: HttpResponse, requestOptions: RequestOptions, requireJson: boolean): string | undefined {
  const mustParse = requireJson || (/json/i.test(response.headers["content-type"] ?? "") && response.text.trim() !== "");
  if (!mustParse && !requestOptions.validate) return undefined;
  try {
    response.json();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const problem = requestOptions.validate?.(response);
  return problem ? `a malformed page: ${problem}` : undefined;
}

/** The attempt passed its total deadline: retried like a reset, named in the final message. */
function deadlineError(deadlineMs: number, setting: string | undefined): TruncatedBodyError {
  return new TruncatedBodyError(`no complete response within the ${deadlineMs / 1000} s request deadline${setting ? ` (${setting})` : ""}`);
}

function makeResponse(status: number, headers: Record<string, string>, text: string, request: HttpRequest): HttpResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    text,
    request,
    json<T>(): T {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          throw new TruncatedBodyError(
            redact(`${request.method} ${urlPath(request.url)} returned a body that is not valid JSON (${text.length} characters, HTTP ${status})`),
          );
        }
      }
      return parsed.value as T;
    },
  };
}

/** Rule messages say what to do; make sure they also say which request and status it was about. */
function inContext(message: string, what: string, status: number): string {
  const path = what.slice(what.indexOf(" ") + 1);
  return message.includes(path) ? message : `${message} (${what} returned HTTP ${status})`;
}

function redact(message: string): string {
  return redactor.redact(message);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
