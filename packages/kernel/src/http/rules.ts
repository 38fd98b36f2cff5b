import type { ErrorRule, RetryBackoff } from "../contracts/http.js";

export interface RetryOnOptions {
  /** Why, for the WARN line of each retry. */
  reason: string;
  /** The rule's own backoff (factor × 2^n, see `RetryBackoff`); default the client's jittered backoff. */
  backoff?: RetryBackoff;
}

/**
 * A declarative retry rule: these statuses are retried, with the client's backoff or the given one
 * (`Retry-After` first either way). E.g. Airbyte's "504 → retry, exponential backoff factor 10":
 * `retryOn([504], { reason: "upstream timeout", backoff: { factorMs: 10_000 } })`.
 */
export function retryOn(statuses: number[], options: RetryOnOptions): ErrorRule {
  const verdict = options.backoff ? { action: "retry" as const, reason: options.reason, backoff: { ...options.backoff } } : { action: "retry" as const, reason: options.reason };
  return (response) => (statuses.includes(response.status) ? verdict : undefined);
}
