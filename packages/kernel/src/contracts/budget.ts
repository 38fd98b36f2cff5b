import type { HttpRequest, HttpResponse } from "./http.js";

/** A named class of requests sharing a rate limit (an account-wide limit, a limit of one endpoint family, ...). */
export interface RateClass {
  name: string;
  /** Which requests belong to this class (tested against the URL path). */
  match: RegExp;
  /** Documented starting limit; adapted at run time from response headers. */
  requestsPerWindow: number;
  windowMs: number;
  /**
   * Response headers that describe this class's live budget, e.g. `x-rate-limit` / `ratelimit-*`
   * for the account class, or a structured `<vendor>-ratelimit-<name>` header (`total=10; remaining=9; resets=41`).
   */
  headerNames?: string[];
  /**
   * How a plain `…-reset` header counts: `"delta-seconds"` (seconds from now, the default) or
   * `"epoch-seconds"` (a unix time, as GitHub's `x-ratelimit-reset`).
   */
  resetFormat?: "delta-seconds" | "epoch-seconds";
}

export interface BudgetWaitEvent {
  rateClass: string;
  waitMs: number;
  reason: "window" | "retry-after";
}

/** How fast: every request acquires a slot before it is sent, and reports its response afterwards. */
export interface Budget {
  acquire(request: HttpRequest, signal?: AbortSignal): Promise<void>;
  observe(request: HttpRequest, response: Pick<HttpResponse, "status" | "headers">): void;
  /** Pause every request of the request's class(es) for `ms` (429 Retry-After). */
  pause(request: HttpRequest, ms: number): void;
  onWait(listener: (event: BudgetWaitEvent) => void): () => void;
  /** Each class's current limits and use (`calabi plan` reads the live limits here). */
  snapshot?(): RateClassSnapshot[];
  /** Names of the classes a request to this URL counts against. */
  classesOf?(url: string): string[];
}

export interface RateClassSnapshot {
  name: string;
  /** The limit in force: the documented one until the server reports its own. */
  limit: number;
  windowMs: number;
  /** Requests counted in the current moving window. */
  used?: number;
  /** Until when the class is held (429 pause or exhausted server budget), if in the future. */
  heldUntil?: number;
  /** The server's last reported remaining budget (minus what we sent since), while it is valid. */
  serverRemaining?: number;
  /** When the server's reported window resets (clock ms), while its report is valid. */
  serverResetAt?: number;
  /** Extra time a request waits past a window's reset (the budget's margin, ms). */
  marginMs?: number;
}
