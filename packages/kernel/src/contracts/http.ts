import type { Readable } from "node:stream";

export type HttpMethod = "GET" | "POST";

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The full body as text (already checked against Content-Length, so never silently truncated). */
  text: string;
  /** The request that produced this response (after auth was applied; never log its headers). */
  request: HttpRequest;
  /** Parsed JSON body; throws a retryable TruncatedBodyError when the body is not valid JSON. */
  json<T = unknown>(): T;
}

/** What the classifier decides about one response. First matching rule wins. */
export type Verdict =
  | { action: "success" }
  /**
   * Transient: try the same request again after `delayMs`, else the response's `Retry-After`, else
   * `backoff` when given, else the client's backoff (exponential with full jitter).
   */
  | { action: "retry"; reason: string; delayMs?: number; backoff?: RetryBackoff }
  /** 429: pause the whole rate class for `delayMs`, then try again. */
  | { action: "rate_limited"; delayMs?: number }
  /** Refresh credentials once, then try again; a second time fails as config_error. */
  | { action: "refresh_auth"; reason: string }
  /** Not an error for the sync: skip this stream or partition with a WARN. */
  | { action: "skip"; scope: "stream" | "partition"; message: string }
  /** Give up: the stream fails. */
  | { action: "fail"; failureType: FailureType; message: string };

/**
 * A rule's own backoff for its retry verdicts, instead of the client's: Airbyte's
 * ExponentialBackoffStrategy. Before retry n of a request (n = failures so far, 1 for the first
 * retry) it waits `factorMs × 2^n`, without jitter, capped at `maxDelayMs`; `Retry-After` still
 * comes first. E.g. factor 10 s: 20 s, 40 s, 80 s, …
 */
export interface RetryBackoff {
  factorMs: number;
  /** Attempts allowed (first try included) when this verdict decides; default the client's. A request's own `maxAttempts` wins. */
  maxAttempts?: number;
  /** Longest single wait; default no cap. */
  maxDelayMs?: number;
}

export type FailureType = "config_error" | "system_error" | "transient_error";

/**
 * A rule looks at a non-2xx response and returns a verdict, or undefined to let the next rule
 * decide. Rules never see 2xx responses: those always succeed.
 */
export type ErrorRule = (response: HttpResponse) => Verdict | undefined;

export interface RequestOptions {
  /** Stream-specific rules, consulted before the connection's default rules. */
  rules?: ErrorRule[];
  signal?: AbortSignal;
  /**
   * Aborts only the waits before a send (the rate budget, Retry-After, backoff), never a request in
   * flight: the runner passes its soft-stop signal here so Ctrl-C does not sit out a rate limit.
   */
  waitSignal?: AbortSignal;
  /** Name used in logs and progress (usually the stream name). */
  label?: string;
  /** Overrides the client's retry attempts for this request (e.g. 1 for a quick `check`). */
  maxAttempts?: number;
  /**
   * Checks a successful response's content (e.g. a page's shape): a returned problem is retried
   * like a truncated body, then fails the request naming the URL and the problem.
   */
  validate?(response: HttpResponse): string | undefined;
  /**
   * Bounds the requests on the wire (the runner's concurrency): taken after the rate budget granted
   * the request, released when its response is read, so a request waiting on a budget holds no slot.
   */
  inFlight?: InFlightLimit;
}

/** A counting semaphore for requests on the wire; `acquire` resolves with the release. */
export interface InFlightLimit {
  acquire(signal?: AbortSignal): Promise<() => void>;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  label?: string;
  /** Whether a redirect target may be followed (checked on every hop; only http(s) is ever followed). */
  allowRedirect?(url: URL): boolean;
  /** Default 5. */
  maxRedirects?: number;
}

export interface DownloadResult {
  status: number;
  headers: Record<string, string>;
  /** The final URL after redirects. */
  url: string;
  body: Readable;
}

/** The connection's HTTP client: auth → budget → send → classify → retry. */
export interface HttpClient {
  /** Sends a request and returns a successful response, or throws SkipError / HttpFailure. */
  send(request: HttpRequest, options?: RequestOptions): Promise<HttpResponse>;
  /** Convenience: GET an absolute URL and parse JSON. */
  getJson<T = unknown>(url: string, options?: RequestOptions): Promise<{ body: T; response: HttpResponse }>;
  /**
   * Streams a file body (not JSON): follows allowed redirects, sends credentials only to the first
   * request's origin, retries on status (401 → refresh once, 429/5xx → wait). Optional: clients
   * built before file transfer existed do not have it.
   */
  download?(request: HttpRequest, options?: DownloadOptions): Promise<DownloadResult>;
  /**
   * Like `download`, and hands the body to `consume` inside the retry: a body that breaks off while
   * `consume` reads it is downloaded again (the engine's attempts and backoff); any other error of
   * `consume` is passed on as is.
   */
  transfer?<T>(request: HttpRequest, consume: (result: DownloadResult) => Promise<T>, options?: DownloadOptions): Promise<T>;
}
