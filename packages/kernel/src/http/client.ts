import { gunzip, inflate, brotliDecompress } from "node:zlib";
import { promisify } from "node:util";
import { Pool } from "undici";
import type { Authenticator } from "../contracts/authenticator.js";
import type { Budget } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { ErrorRule, HttpClient, HttpRequest, HttpResponse, RequestOptions, RetryBackoff } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { ConnectionStats } from "../contracts/source.js";
import { HttpFailure, SkipError, TruncatedBodyError } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { abortReason, waitUnless } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";
import { classify } from "./classify.js";
import { createDownloader } from "./download.js";
import { describeError, networkErrorKind } from "./network-errors.js";
import { parseRetryAfter } from "./retry-after.js";

export interface HttpRetryOptions {
  /** Attempts per request for transient failures (5xx, network errors, truncated bodies). Default 8. */
  maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt (full jitter). Default 1000 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 60 000 ms. */
  maxDelayMs?: number;
  /** How many 429 waits one request may sit through before it fails. Default 50. */
  maxRateLimitWaits?: number;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
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
  /** Headers and body (idle) timeout per attempt. Default 120 000 ms. */
  timeoutMs?: number;
  userAgent?: string;
}

export type ConnectionHttpClient = HttpClient & { stats(): ConnectionStats; close(): Promise<void> };

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const DEFAULT_USER_AGENT = "calabi-connect/0.1 (+https://github.com/calabi)";
const decoders: Partial<Record<string, (buf: Buffer) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** The undici HTTP client: auth → budget → send → classify → act (retry, wait, refresh, skip, fail). */
export function createHttpClient(options: HttpClientOptions): ConnectionHttpClient {
  const { authenticator, budget, clock, logger } = options;
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 8);
  const baseDelayMs = options.retry?.baseDelayMs ?? 1000;
  const maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
  const maxRateLimitWaits = options.retry?.maxRateLimitWaits ?? 50;
  const random = options.retry?.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const pools = new Map<string, Pool>();
  const counters: ConnectionStats = { requests: 0, retries: 0, rateLimitWaits: 0 };
  let closed = false;

  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.connectionsPerOrigin ?? 8,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  const backoff = (failures: number): number =>
    Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1)));

  async function sendOnce(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { accept: "application/json", "accept-encoding": "gzip, deflate", "user-agent": userAgent };
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    const res = await poolFor(url.origin).request({
      path: url.pathname + url.search,
      method: request.method,
      headers,
      body: request.body,
      signal,
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) responseHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    }
    const declared = responseHeaders["content-length"];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) !== raw.length) {
      throw new TruncatedBodyError(`body has ${raw.length} of ${declared} bytes`);
    }
    const encoding = (responseHeaders["content-encoding"] ?? "").trim().toLowerCase();
    const decode = decoders[encoding];
    const text = (decode && raw.length ? await decode(raw) : raw).toString("utf8");
    return makeResponse(res.statusCode, responseHeaders, text, request);
  }

  async function execute(request: HttpRequest, requestOptions: RequestOptions, requireJson: boolean): Promise<HttpResponse> {
    const { signal, waitSignal } = requestOptions;
    const pause = (ms: number) => waitUnless(signal, waitSignal, (s) => clock.sleep(ms, s));
    const what = `${request.method} ${urlPath(request.url)}`;
    const fields = requestOptions.label ? { stream: requestOptions.label } : undefined;
    let failures = 0;
    let rateLimitWaits = 0;
    let refreshed = false;
    const attemptsFor = (policy: RetryBackoff | undefined) => Math.max(1, requestOptions.maxAttempts ?? policy?.maxAttempts ?? maxAttempts);

    const retryAfterFailure = async (problem: string, status: number | undefined, delayMs: number | undefined, policy?: RetryBackoff): Promise<void> => {
      failures++;
      const attemptsAllowed = attemptsFor(policy);
      if (failures >= attemptsAllowed) {
        throw new HttpFailure(
          redact(`${what} failed ${failures} time${failures === 1 ? "" : "s"} (last: ${problem}): the server or the network kept failing; try again later`),
          "transient_error",
          status,
          urlPath(request.url),
        );
      }
      const delay = delayMs ?? (policy ? factorBackoff(policy, failures) : backoff(failures));
      counters.retries++;
      logger.warn(redact(`${what}: ${problem}; retrying in ${seconds(delay)} (attempt ${failures + 1} of ${attemptsAllowed})`), fields);
      await pause(delay);
    };

    for (;;) {
      if (closed) throw new HttpFailure(`${what}: the HTTP client is closed`, "system_error", undefined, urlPath(request.url));
      if (signal?.aborted) throw abortReason(signal);
      const authed = await authenticator.apply(request);
      await waitUnless(signal, waitSignal, (s) => budget.acquire(authed, s));
      counters.requests++;

      let response: HttpResponse;
      try {
        response = await sendOnce(authed, signal);
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        const kind = networkErrorKind(err);
        if (kind === "dns") {
          const host = safeHost(request.url);
          throw new HttpFailure(
            redact(`could not resolve host ${host} (${what}): check the subdomain or base_url and your network`),
            "config_error",
            undefined,
            urlPath(request.url),
          );
        }
        if (kind === "transient") {
          await retryAfterFailure(describeError(err), undefined, undefined);
          continue;
        }
        throw new HttpFailure(redact(`${what} failed: ${describeError(err)}`), "system_error", undefined, urlPath(request.url));
      }
      budget.observe(authed, response);

      const verdict = classify(response, [requestOptions.rules, options.rules], logger);
      switch (verdict.action) {
        case "success": {
          const mustParse = requireJson || (/json/i.test(response.headers["content-type"] ?? "") && response.text.trim() !== "");
          if (mustParse) {
            try {
              response.json();
            } catch (err) {
              await retryAfterFailure(`HTTP ${response.status} with ${err instanceof Error ? err.message : String(err)}`, response.status, undefined);
              continue;
            }
          }
          return response;
        }
        case "retry": {
          const delay = verdict.delayMs ?? parseRetryAfter(response.headers["retry-after"], clock.now());
          await retryAfterFailure(`HTTP ${response.status} (${verdict.reason})`, response.status, delay, verdict.backoff);
          continue;
        }
        case "rate_limited": {
          rateLimitWaits++;
          if (rateLimitWaits > maxRateLimitWaits) {
            throw new HttpFailure(
              redact(`${what} was still rate limited (HTTP ${response.status}) after ${maxRateLimitWaits} waits: another client may be using up the API budget; lower num_workers or try later`),
              "transient_error",
              response.status,
              urlPath(request.url),
            );
          }
          const delay = verdict.delayMs ?? parseRetryAfter(response.headers["retry-after"], clock.now()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
          counters.rateLimitWaits++;
          logger.info(redact(`${what}: rate limited (HTTP ${response.status}), waiting ${seconds(delay)}`), fields);
          budget.pause(authed, delay);
          // Also wait here: the budget may have no class for this request.
          await pause(delay);
          continue;
        }
        case "refresh_auth": {
          if (refreshed || !authenticator.refresh) {
            throw new HttpFailure(
              redact(
                `${what} returned HTTP ${response.status} (${verdict.reason})${refreshed ? " again after refreshing the access token" : ""}: the credentials are not valid; re-authorize or check the credentials in the config`,
              ),
              "config_error",
              response.status,
              urlPath(request.url),
            );
          }
          refreshed = true;
          counters.retries++;
          logger.info(redact(`${what}: HTTP ${response.status} (${verdict.reason}); refreshing the access token and retrying`), fields);
          await authenticator.refresh(response);
          continue;
        }
        case "skip":
          throw new SkipError(verdict.scope, redact(inContext(verdict.message, what, response.status)), response.status);
        case "fail":
          throw new HttpFailure(redact(inContext(verdict.message, what, response.status)), verdict.failureType, response.status, urlPath(request.url));
      }
    }
  }

  const downloader = createDownloader({ authenticator, budget, clock, logger, timeoutMs, userAgent, random });

  return {
    download: (request, downloadOptions) => downloader.download(request, downloadOptions),
    send: (request, requestOptions = {}) => execute(request, requestOptions, false),
    async getJson<T = unknown>(url: string, requestOptions: RequestOptions = {}) {
      const response = await execute({ method: "GET", url, headers: {} }, requestOptions, true);
      return { body: response.json<T>(), response };
    },
    stats: () => ({ ...counters }),
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.close().catch(() => p.destroy())));
      await downloader.close().catch(() => undefined);
    },
  };
}

/** Airbyte's ExponentialBackoffStrategy: `factor × 2^n` before retry n (n ≥ 1), no jitter, optional cap. */
export function factorBackoff(policy: RetryBackoff, failures: number): number {
  const delay = policy.factorMs * 2 ** failures;
  return Math.round(policy.maxDelayMs === undefined ? delay : Math.min(policy.maxDelayMs, delay));
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

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
