/**
 * The one retry engine. Plain requests, streamed downloads and credential refreshes all run their
 * attempts through `RetryEngine.run`: an attempt reports what happened (success, retry, rate limited,
 * refresh credentials, fail) or throws, and the engine decides — attempts left, backoff (full
 * jitter, or a rule's own `factor × 2^n`), `Retry-After`, pausing a rate class, refreshing once, the
 * bound on the total time spent retrying one request — and writes the failure message.
 */
import type { Clock } from "../contracts/clock.js";
import type { FailureType, RetryBackoff } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { ConnectionStats } from "../contracts/source.js";
import { HttpFailure } from "../errors.js";
import { redactor } from "../util/redactor.js";
import { abortReason, waitUnless } from "../util/system-clock.js";
import { describeError, networkErrorKind } from "./network-errors.js";

export interface RetryPolicy {
  /** Attempts per request for transient failures (5xx, network errors, truncated or malformed bodies). Default 8. */
  maxAttempts?: number;
  /** First backoff ceiling; doubles per attempt (full jitter). Default 1000 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 60 000 ms. */
  maxDelayMs?: number;
  /** How many 429 waits one request may sit through before it fails. Default 50. */
  maxRateLimitWaits?: number;
  /** Longest total time one request may spend retrying (first attempt to last wait). Default 15 minutes. */
  maxRetryTimeMs?: number;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
}

/** What one attempt came to. */
export type AttemptOutcome<T> =
  | { ok: T }
  /** Transient: try again after `delayMs` (e.g. Retry-After), else `backoff`, else the jittered backoff. `error` is thrown when no attempt is left. */
  | { retry: string; status?: number; delayMs?: number; backoff?: RetryBackoff; error?: Error }
  /** 429: pause the rate class (`pause`) and wait `delayMs`; counted apart from attempts. */
  | { rateLimited: number; delayMs: number; pause?(ms: number): void }
  /** Credentials were refused: `refresh` once, then try again; a second time fails as config_error. */
  | { refresh: string; status: number; run?(): Promise<void> }
  /** Give up with this error, as is. */
  | { fail: Error };

export interface RetryRun {
  /** E.g. `GET /v1/tickets.json`: starts every message. */
  what: string;
  /** URL path for HttpFailure. */
  path: string;
  /** Host named when it does not resolve. */
  host: string;
  /** Stream name for log fields. */
  label?: string;
  signal?: AbortSignal;
  /** Ends the waits between attempts (Retry-After, backoff), not an attempt in flight: the soft stop. */
  waitSignal?: AbortSignal;
  /** Overrides the policy's attempts for this run (a rule's backoff may also set its own). */
  maxAttempts?: number;
  /** After "could not resolve host …:". */
  unresolvedHostHint?: string;
  /** After "… was still rate limited …:". */
  stillRateLimitedHint?: string;
}

const DEFAULTS = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000, maxRateLimitWaits: 50, maxRetryTimeMs: 15 * 60_000 };

export class RetryEngine {
  private readonly policy: Required<RetryPolicy>;
  /** Retries and rate-limit waits of every run (the connection's stats). */
  readonly counters: Pick<ConnectionStats, "retries" | "rateLimitWaits"> = { retries: 0, rateLimitWaits: 0 };

  constructor(
    policy: RetryPolicy,
    readonly clock: Clock,
    private readonly logger?: Logger,
  ) {
    this.policy = { ...DEFAULTS, random: Math.random, ...stripUndefined(policy) } as Required<RetryPolicy>;
  }

  /** The jittered backoff before retry n (n = failures so far). */
  backoff(failures: number): number {
    return Math.round(this.policy.random() * Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (failures - 1)));
  }

  async run<T>(run: RetryRun, attempt: (n: number) => Promise<AttemptOutcome<T>>): Promise<T> {
    const { what, signal } = run;
    const fields = run.label ? { stream: run.label } : undefined;
    const started = this.clock.now();
    let failures = 0;
    let rateLimitWaits = 0;
    let refreshed = false;
    const failure = (message: string, type: FailureType, status?: number) => new HttpFailure(redactor.redact(message), type, status, run.path);

    for (let n = 1; ; n++) {
      if (signal?.aborted) throw abortReason(signal);
      let outcome: AttemptOutcome<T>;
      try {
        outcome = await attempt(n);
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        // A soft stop ended a wait inside the attempt (the budget): the caller stops, nothing failed.
        if (run.waitSignal?.aborted && error === run.waitSignal.reason) throw error;
        const kind = networkErrorKind(error);
        if (kind === "dns") {
          throw failure(`could not resolve host ${run.host} (${what}): ${run.unresolvedHostHint ?? "check the host name and your network"}`, "config_error");
        }
        if (kind !== "transient") throw failure(`${what} failed: ${describeError(error)}`, "system_error");
        outcome = { retry: describeError(error) };
      }

      if ("ok" in outcome) return outcome.ok;
      if ("fail" in outcome) throw outcome.fail;
      if ("rateLimited" in outcome) {
        rateLimitWaits++;
        if (rateLimitWaits > this.policy.maxRateLimitWaits) {
          throw failure(
            `${what} was still rate limited (HTTP ${outcome.rateLimited}) after ${this.policy.maxRateLimitWaits} waits: ${run.stillRateLimitedHint ?? "another client may be using up the API budget; lower the concurrency or try later"}`,
            "transient_error",
            outcome.rateLimited,
          );
        }
        this.counters.rateLimitWaits++;
        this.logger?.info(redactor.redact(`${what}: rate limited (HTTP ${outcome.rateLimited}), waiting ${seconds(outcome.delayMs)}`), fields);
        outcome.pause?.(outcome.delayMs);
        // Also wait here: the budget may have no class for this request.
        await waitUnless(signal, run.waitSignal, (s) => this.clock.sleep(outcome.delayMs, s));
        continue;
      }
      if ("refresh" in outcome) {
        if (refreshed || !outcome.run) {
          throw failure(
            `${what} returned HTTP ${outcome.status} (${outcome.refresh})${refreshed ? " again after refreshing the access token" : ""}: the credentials are not valid; re-authorize or check the credentials in the config`,
            "config_error",
            outcome.status,
          );
        }
        refreshed = true;
        this.counters.retries++;
        this.logger?.info(redactor.redact(`${what}: HTTP ${outcome.status} (${outcome.refresh}); refreshing the access token and retrying`), fields);
        await outcome.run();
        continue;
      }

      // A transient failure.
      failures++;
      const allowed = Math.max(1, run.maxAttempts ?? outcome.backoff?.maxAttempts ?? this.policy.maxAttempts);
      if (failures >= allowed) {
        throw outcome.error ?? failure(`${what} failed ${failures} time${failures === 1 ? "" : "s"} (last: ${outcome.retry}): the server or the network kept failing; try again later`, "transient_error", outcome.status);
      }
      const delay = outcome.delayMs ?? (outcome.backoff ? factorBackoff(outcome.backoff, failures) : this.backoff(failures));
      const spent = this.clock.now() - started;
      if (spent + delay > this.policy.maxRetryTimeMs) {
        throw outcome.error ?? failure(
          `${what} failed ${failures} time${failures === 1 ? "" : "s"} in ${seconds(spent)} (last: ${outcome.retry}): waiting ${seconds(delay)} more would pass the ${seconds(this.policy.maxRetryTimeMs)} allowed for retrying one request; try again later`,
          "transient_error",
          outcome.status,
        );
      }
      this.counters.retries++;
      this.logger?.warn(redactor.redact(`${what}: ${outcome.retry}; retrying in ${seconds(delay)} (attempt ${failures + 1} of ${allowed})`), fields);
      await waitUnless(signal, run.waitSignal, (s) => this.clock.sleep(delay, s));
    }
  }
}

/** Airbyte's ExponentialBackoffStrategy: `factor × 2^n` before retry n (n ≥ 1), no jitter, optional cap. */
export function factorBackoff(policy: RetryBackoff, failures: number): number {
  const delay = policy.factorMs * 2 ** failures;
  return Math.round(policy.maxDelayMs === undefined ? delay : Math.min(policy.maxDelayMs, delay));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
