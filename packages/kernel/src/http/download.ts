/**
 * Streaming downloads (file bodies, not JSON): auth → budget → send → act on the status, with the
 * body handed back as a stream so memory stays bounded whatever the size.
 *
 * - Redirects are followed by hand (at most `maxRedirects`), each target checked by
 *   `allowRedirect`; only http(s) targets are ever considered.
 * - Credentials (and any `host` override) go only to the origin of the first request: a hop to
 *   another origin (a CDN's signed URL) is sent without `Authorization`.
 * - Keyed on status, never on the body (file bodies are not JSON): 2xx → the body; 401 from the
 *   credentialed origin → refresh once and start over; 429 → wait `Retry-After` (fallback 60 s);
 *   408/5xx and network errors → retry with backoff; anything else fails with HttpFailure.
 */
import { Agent } from "undici";
import type { Authenticator } from "../contracts/authenticator.js";
import type { Budget } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { DownloadOptions, DownloadResult, HttpRequest } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import { HttpFailure } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { abortReason } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";
import { describeError, networkErrorKind } from "./network-errors.js";
import { parseRetryAfter } from "./retry-after.js";

export interface DownloaderOptions {
  authenticator: Authenticator;
  budget: Budget;
  clock: Clock;
  logger: Logger;
  /** Attempts for transient failures (5xx, 429, network). Default 5. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  random?: () => number;
}

export interface Downloader {
  download(request: HttpRequest, options?: DownloadOptions): Promise<DownloadResult>;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE = new Set([408, 500, 502, 503, 504]);

export function createDownloader(options: DownloaderOptions): Downloader {
  const { authenticator, budget, clock, logger } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 8 });

  async function download(request: HttpRequest, opts: DownloadOptions = {}): Promise<DownloadResult> {
    const { signal } = opts;
    const maxRedirects = opts.maxRedirects ?? 5;
    const home = new URL(request.url).origin;
    const fail = (message: string, status: number | undefined, url: string, type: "system_error" | "transient_error" = "system_error") =>
      new HttpFailure(redactor.redact(message), type, status, urlPath(url));
    let url = request.url;
    let hops = 0;
    let failures = 0;
    let refreshed = false;

    const backoff = async (problem: string, status: number | undefined, delayMs?: number) => {
      failures++;
      if (failures >= maxAttempts) throw fail(`GET ${urlPath(url)} failed ${failures} times (last: ${problem})`, status, url, "transient_error");
      const delay = delayMs ?? Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1)));
      logger.warn(redactor.redact(`GET ${urlPath(url)}: ${problem}; retrying in ${(delay / 1000).toFixed(2)} s`), opts.label ? { stream: opts.label } : undefined);
      await clock.sleep(delay, signal);
    };

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
      let res;
      try {
        res = await agent.request({
          origin: target.origin,
          path: target.pathname + target.search,
          method: "GET",
          headers: sent.headers,
          signal,
        });
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        if (networkErrorKind(err) === "transient") {
          await backoff(describeError(err), undefined);
          continue;
        }
        throw fail(`GET ${urlPath(url)} failed: ${describeError(err)}`, undefined, url);
      }
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      if (credentialed) budget.observe(sent, { status: res.statusCode, headers: responseHeaders });
      const status = res.statusCode;

      if (status >= 200 && status < 300) return { status, headers: responseHeaders, url, body: res.body };
      await res.body.dump().catch(() => undefined);

      if (REDIRECTS.has(status)) {
        const location = responseHeaders.location;
        if (!location) throw fail(`GET ${urlPath(url)} answered ${status} without a Location`, status, url);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw fail(`GET ${urlPath(url)} redirected to an invalid URL`, status, url);
        }
        if (next.protocol !== "https:" && next.protocol !== "http:") {
          throw fail(`GET ${urlPath(url)} redirected to a ${next.protocol} URL; refused`, status, url);
        }
        if (opts.allowRedirect && !opts.allowRedirect(next)) {
          throw fail(`GET ${urlPath(url)} redirected to ${next.protocol}//${next.host}, which is not an allowed host; refused`, status, url);
        }
        if (++hops > maxRedirects) throw fail(`GET ${urlPath(request.url)} redirected more than ${maxRedirects} times; refused`, status, url);
        url = next.toString();
        continue;
      }
      if (status === 401 && credentialed && authenticator.refresh && !refreshed) {
        refreshed = true;
        logger.info(redactor.redact(`GET ${urlPath(url)}: HTTP 401; refreshing the access token and retrying`));
        await authenticator.refresh();
        url = request.url;
        hops = 0;
        continue;
      }
      if (status === 429) {
        const delay = parseRetryAfter(responseHeaders["retry-after"], clock.now()) ?? 60_000;
        if (credentialed) budget.pause(sent, delay);
        await backoff(`HTTP 429`, status, delay);
        continue;
      }
      if (RETRYABLE.has(status)) {
        await backoff(`HTTP ${status}`, status, parseRetryAfter(responseHeaders["retry-after"], clock.now()));
        continue;
      }
      throw fail(`GET ${urlPath(url)} returned HTTP ${status}`, status, url);
    }
  }

  return { download, close: () => agent.close() };
}
