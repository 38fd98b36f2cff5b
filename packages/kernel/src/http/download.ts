/**
 * Streaming transfers (file bodies, not JSON): auth → budget → send → act on the status, with the
 * body handed to the caller's `consume` as a stream, so memory stays bounded whatever the size.
 * Attempts run through the connection's retry engine, like every other request.
 *
 * - Redirects are followed by hand (at most `maxRedirects`), each target checked by
 *   `allowRedirect`; only http(s) targets are ever considered.
 * - Credentials (and any `host` override) go only to the origin of the first request: a hop to
 *   another origin (a CDN's signed URL) is sent without `Authorization`.
 * - Keyed on status, never on the body (file bodies are not JSON): 2xx → `consume(body)`; 401 from
 *   the credentialed origin → refresh once and start over; otherwise the built-in rules (429 → wait,
 *   408/5xx → retry, anything else fails). A body that breaks off inside `consume` is retried from
 *   the start; any other error of `consume` is passed on as is.
 */
import { Agent } from "undici";
import type { Authenticator } from "../contracts/authenticator.js";
import type { Budget } from "../contracts/budget.js";
import type { DownloadOptions, DownloadResult, ErrorRule, HttpRequest, HttpResponse, RequestOptions } from "../contracts/http.js";
import { HttpFailure } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { abortReason } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";
import { classify } from "./classify.js";
import { lowerCaseHeaders } from "./headers.js";
import { describeError, networkErrorKind } from "./network-errors.js";
import { parseRetryAfter } from "./retry-after.js";
import type { AttemptOutcome, RetryEngine, RetryRun } from "./retry.js";

export interface DownloaderOptions {
  authenticator: Authenticator;
  budget: Budget;
  /** The connection's retry engine. */
  engine: RetryEngine;
  /** The retry run of a request (messages, hints, label, signal). */
  runFor(request: HttpRequest, options: RequestOptions): RetryRun;
  /** Attempts for transient failures (5xx, network, broken bodies). Default 5. */
  maxAttempts?: number;
  timeoutMs?: number;
  userAgent?: string;
}

export interface Downloader {
  transfer<T>(request: HttpRequest, consume: (result: DownloadResult) => Promise<T>, options?: DownloadOptions): Promise<T>;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RATE_LIMIT_FALLBACK_MS = 60_000;

export function createDownloader(options: DownloaderOptions): Downloader {
  const { authenticator, budget, engine } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 8 });

  async function transfer<T>(request: HttpRequest, consume: (result: DownloadResult) => Promise<T>, opts: DownloadOptions = {}): Promise<T> {
    const { signal } = opts;
    const maxRedirects = opts.maxRedirects ?? 5;
    const home = new URL(request.url).origin;
    const fail = (message: string, status: number | undefined, url: string): { fail: Error } => ({
      fail: new HttpFailure(redactor.redact(message), "system_error", status, urlPath(url)),
    });
    let url = request.url;
    let hops = 0;
    const restart = () => {
      url = request.url;
      hops = 0;
    };
    const refreshOn401 = (credentialed: boolean): ErrorRule => (r) =>
      r.status === 401 && credentialed && authenticator.refresh ? { action: "refresh_auth", reason: "the access token was refused" } : undefined;

    const attempt = async (): Promise<AttemptOutcome<T>> => {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        const target = new URL(url);
        const credentialed = target.origin === home;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(request.headers)) {
          const name = k.toLowerCase();
          if (name === "authorization") continue;
          if (name === "host" && !credentialed) continue;
          headers[name] = v;
        }
        headers["user-agent"] ??= options.userAgent ?? "calabi-connect";
        headers.accept ??= "*/*";
        let sent: HttpRequest = { method: "GET", url, headers };
        if (credentialed) {
          sent = await authenticator.apply(sent);
          await budget.acquire(sent, signal);
        }
        const res = await agent.request({ origin: target.origin, path: target.pathname + target.search, method: "GET", headers: sent.headers, signal });
        const responseHeaders = lowerCaseHeaders(res.headers);
        if (credentialed) budget.observe(sent, { status: res.statusCode, headers: responseHeaders });
        const status = res.statusCode;

        if (status >= 200 && status < 300) {
          try {
            return { ok: await consume({ status, headers: responseHeaders, url, body: res.body }) };
          } catch (error) {
            res.body.destroy();
            if (signal?.aborted) throw abortReason(signal);
            if (networkErrorKind(error) === "transient") return { retry: `the body broke off: ${describeError(error)}` };
            return { fail: error as Error };
          }
        }
        await res.body.dump().catch(() => undefined);

        if (REDIRECTS.has(status)) {
          const location = responseHeaders.location;
          if (!location) return fail(`GET ${urlPath(url)} answered ${status} without a Location`, status, url);
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return fail(`GET ${urlPath(url)} redirected to an invalid URL`, status, url);
          }
          if (next.protocol !== "https:" && next.protocol !== "http:") return fail(`GET ${urlPath(url)} redirected to a ${next.protocol} URL; refused`, status, url);
          if (opts.allowRedirect && !opts.allowRedirect(next)) {
            return fail(`GET ${urlPath(url)} redirected to ${next.protocol}//${next.host}, which is not an allowed host; refused`, status, url);
          }
          if (++hops > maxRedirects) return fail(`GET ${urlPath(request.url)} redirected more than ${maxRedirects} times; refused`, status, url);
          url = next.toString();
          continue;
        }

        const response: HttpResponse = { status, headers: responseHeaders, text: "", request: sent, json: () => undefined as never };
        const verdict = classify(response, [[refreshOn401(credentialed)]]);
        const retryAfter = parseRetryAfter(responseHeaders["retry-after"], engine.clock.now());
        switch (verdict.action) {
          case "refresh_auth":
            return { refresh: "HTTP 401", status, run: async () => (await authenticator.refresh!(), restart()) };
          case "rate_limited":
            return { rateLimited: status, delayMs: retryAfter ?? RATE_LIMIT_FALLBACK_MS, ...(credentialed ? { pause: (ms: number) => budget.pause(sent, ms) } : {}) };
          case "retry":
            return { retry: `HTTP ${status}`, status, delayMs: retryAfter };
          default:
            return fail(`GET ${urlPath(url)} returned HTTP ${status}`, status, url);
        }
      }
    };

    const run = options.runFor(request, { signal, label: opts.label, maxAttempts: options.maxAttempts ?? 5 });
    return engine.run(run, attempt);
  }

  return { transfer, close: () => agent.close() };
}
