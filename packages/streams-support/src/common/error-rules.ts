/** Stream-specific error rules, put in front of the connection's Zendesk chain (STREAMS.md §7.2). */
import { type ErrorRule, retryOn } from "@calabi/kernel";

const path = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0];
  }
};

/** Per-ticket endpoints: these statuses skip only that ticket, whatever the body (Zendesk sends empty text/html 403s). */
export function skipPartitionOn(statuses: number[], what: string): ErrorRule {
  return (response) =>
    statuses.includes(response.status)
      ? { action: "skip", scope: "partition", message: `${what}: HTTP ${response.status} for ${path(response.request.url)}; skipping this ticket` }
      : undefined;
}

/** These statuses fail the stream, even when the body says "You do not have access" (no stream skip). */
export function failOn(statuses: number[], hint: string): ErrorRule {
  return (response) =>
    statuses.includes(response.status)
      ? { action: "fail", failureType: response.status >= 500 ? "system_error" : "config_error", message: `HTTP ${response.status} for ${path(response.request.url)}: ${hint}` }
      : undefined;
}

const UPSTREAM_TIMEOUT = "504 upstream request timeout (a smaller page_size makes these rarer)";

/** Incremental exports time out on oversized pages with a plain-text 504: retry with the client's backoff (and Retry-After). */
export const retryOn504: ErrorRule = retryOn([504], { reason: UPSTREAM_TIMEOUT });

/**
 * STREAMS.md §7.2, ticket_comments: a 504 is retried with Airbyte's exponential backoff, factor 10
 * (`Retry-After` first, else 20 s, 40 s, 80 s, 160 s, 320 s), up to Airbyte's default 5 retries.
 */
export const retryOn504Factor10: ErrorRule = retryOn([504], { reason: UPSTREAM_TIMEOUT, backoff: { factorMs: 10_000, maxAttempts: 6 } });
