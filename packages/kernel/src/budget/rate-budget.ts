import Bottleneck from "bottleneck";
import type { Budget, BudgetWaitEvent, RateClass, RateClassSnapshot } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { HttpRequest } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import { abortReason } from "../util/system-clock.js";
import { urlPath } from "../util/url.js";
import { readLimitHeaders } from "./headers.js";

export interface RateBudgetOptions {
  classes: RateClass[];
  clock: Clock;
  logger?: Logger;
  /**
   * Extra time a sent request keeps counting against its window, to absorb the difference between
   * when we send and when the server counts. Default 250 ms.
   */
  windowMarginMs?: number;
}

export type { RateClassSnapshot };

export interface RateBudget extends Budget {
  snapshot(): RateClassSnapshot[];
}

interface Slot {
  at: number;
}

/** How recent a server report must be to tell which class a 429 was about. */
const FRESH_MS = 1000;

/** Interrupts a class's waiting request when its limits change, so it re-plans its wait. */
const WAKE = Symbol("wake");

class ClassState {
  limit: number;
  readonly windowMs: number;
  readonly queue = new Bottleneck({ maxConcurrent: 1 });
  slots: Slot[] = [];
  holdUntil = 0;
  /** Requests waiting in (or being planned by) the bottleneck queue. */
  queued = 0;
  server?: { remaining: number; resetAt: number; observedAt: number };
  readonly inflight = new Map<HttpRequest, number>();
  private wakers = new Set<AbortController>();

  constructor(readonly spec: RateClass) {
    this.limit = Math.max(1, spec.requestsPerWindow);
    this.windowMs = spec.windowMs;
  }

  matches(path: string): boolean {
    this.spec.match.lastIndex = 0;
    return this.spec.match.test(path);
  }

  prune(now: number, margin: number): void {
    const cutoff = now - this.windowMs - margin;
    if (this.slots.length && this.slots.some((s) => s.at <= cutoff)) this.slots = this.slots.filter((s) => s.at > cutoff);
    for (const [req, at] of this.inflight) if (at <= cutoff) this.inflight.delete(req);
    if (this.server && this.server.resetAt <= now) {
      // The server's window restarted at resetAt: what we sent before it no longer counts.
      const resetAt = this.server.resetAt;
      this.slots = this.slots.filter((s) => s.at >= resetAt);
      this.server = undefined;
    }
  }

  wake(): void {
    for (const w of this.wakers) w.abort(WAKE);
    this.wakers.clear();
  }

  async sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
    const waker = new AbortController();
    // Forward the caller's abort by hand: AbortSignal.any on a long-lived sync signal piles up.
    const forward = () => waker.abort(signal!.reason);
    signal?.addEventListener("abort", forward, { once: true });
    this.wakers.add(waker);
    try {
      await clock.sleep(ms, waker.signal);
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      if (waker.signal.reason !== WAKE) throw err;
    } finally {
      signal?.removeEventListener("abort", forward);
      this.wakers.delete(waker);
    }
  }
}

/**
 * A client-side rate budget: one bottleneck queue per rate class (FIFO, one waiting request planned
 * at a time), and a moving-window count driven by the injected Clock (bottleneck's own timers run on
 * real time, so it only orders the waiters). Limits start from each class's
 * documented values and follow the server's rate-limit headers, so the whole budget is spent without
 * provoking 429s.
 */
export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const { clock, logger } = options;
  const margin = options.windowMarginMs ?? 250;
  // Narrowest classes first: a request waits for its scarcest budget before taking a broad one.
  const classes = options.classes
    .map((spec) => new ClassState(spec))
    .sort((a, b) => a.spec.requestsPerWindow / a.spec.windowMs - b.spec.requestsPerWindow / b.spec.windowMs);
  const listeners = new Set<(event: BudgetWaitEvent) => void>();

  const emit = (event: BudgetWaitEvent) => {
    logger?.debug(`waiting ${(event.waitMs / 1000).toFixed(1)} s for the ${event.rateClass} rate limit (${event.reason})`);
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger?.warn(`a budget wait listener failed: ${String(err)}`);
      }
    }
  };

  const classesOf = (request: HttpRequest): ClassState[] => {
    const path = urlPath(request.url);
    return classes.filter((c) => c.matches(path));
  };

  /** How long the class must wait before it may send one more request (0: now). */
  function waitOf(c: ClassState, now: number): { wait: number; reason: BudgetWaitEvent["reason"] } {
    c.prune(now, margin);
    if (c.holdUntil > now) return { wait: c.holdUntil - now, reason: "retry-after" };
    // A live report from the server is the truth for its window (it also covers compressed or
    // longer windows than documented); the local moving window is only the prior.
    if (c.server) return { wait: c.server.remaining > 0 ? 0 : Math.max(0, c.server.resetAt + margin - now), reason: "window" };
    let wait = 0;
    if (c.slots.length >= c.limit) {
      // Sorted oldest first, the slot that frees the next place is `slots.length - limit`.
      const times = c.slots.map((s) => s.at).sort((a, b) => a - b);
      wait = times[c.slots.length - c.limit] + c.windowMs + margin - now;
    }
    return { wait: Math.max(0, wait), reason: "window" };
  }

  const take = (c: ClassState, now: number): Slot => {
    const slot = { at: now };
    c.slots.push(slot);
    if (c.server) c.server.remaining--;
    return slot;
  };

  /** Waits (in the class's queue) until the class can send one more request, then reserves it. */
  async function reserve(c: ClassState, signal?: AbortSignal): Promise<Slot> {
    let announcedUntil = -1;
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const now = clock.now();
      const { wait, reason } = waitOf(c, now);
      if (wait <= 0) return take(c, now);
      if (now + wait !== announcedUntil) {
        announcedUntil = now + wait;
        emit({ rateClass: c.spec.name, waitMs: wait, reason });
      }
      await c.sleep(clock, wait, signal);
    }
  }

  /**
   * A free class with nobody queued grants at once; otherwise the request joins the class's
   * bottleneck queue (FIFO, so waiting requests keep their order).
   */
  async function slotIn(c: ClassState, signal?: AbortSignal): Promise<Slot> {
    if (c.queued === 0) {
      const now = clock.now();
      if (waitOf(c, now).wait <= 0) return take(c, now);
    }
    c.queued++;
    try {
      return await c.queue.schedule(() => reserve(c, signal));
    } finally {
      c.queued--;
    }
  }

  const release = (c: ClassState, slot: Slot) => {
    c.slots = c.slots.filter((s) => s !== slot);
  };

  return {
    async acquire(request, signal) {
      if (signal?.aborted) throw abortReason(signal);
      const taken: [ClassState, Slot][] = [];
      try {
        for (const c of classesOf(request)) taken.push([c, await slotIn(c, signal)]);
        if (signal?.aborted) throw abortReason(signal);
      } catch (err) {
        for (const [c, slot] of taken) release(c, slot);
        throw err;
      }
      // A slot counts from when the request actually leaves, not from when its class was granted.
      const now = clock.now();
      for (const [c, slot] of taken) {
        slot.at = now;
        c.inflight.set(request, now);
      }
    },

    observe(request, response) {
      const now = clock.now();
      for (const c of classesOf(request)) {
        c.inflight.delete(request);
        const seen = readLimitHeaders(response.headers, c.spec.headerNames ?? [], { format: c.spec.resetFormat, nowMs: now });
        if (!seen) continue;
        const before = waitOf(c, now).wait;
        if (seen.limit !== undefined && seen.limit >= 1 && seen.limit !== c.limit) {
          logger?.debug(`rate class ${c.spec.name}: limit ${c.limit} → ${seen.limit} per ${c.windowMs / 1000} s (from response headers)`);
          c.limit = seen.limit;
        }
        if (seen.remaining !== undefined) {
          // Requests still in flight were probably not counted by the server yet.
          const remaining = Math.max(0, seen.remaining - c.inflight.size);
          // A budget resets within one window; a larger value is a malformed header, not a reason to stall.
          const resetMs = seen.resetSeconds !== undefined ? Math.min(Math.ceil(seen.resetSeconds * 1000), c.windowMs) : c.windowMs;
          const resetAt = now + resetMs;
          c.server = { remaining, resetAt, observedAt: now };
        }
        // A request waiting for this class may now go sooner: let it re-plan.
        if (waitOf(c, now).wait < before) c.wake();
      }
    },

    pause(request, ms) {
      if (!(ms > 0)) return;
      const now = clock.now();
      const until = now + ms;
      const matched = classesOf(request);
      // A 429 names no class. When the same response showed budget left in some of the request's
      // classes (say the account), the limit hit was another one: hold only those, unless none is left.
      const spent = matched.filter((c) => !(c.server && c.server.remaining > 0 && now - c.server.observedAt <= FRESH_MS));
      for (const c of spent.length ? spent : matched) {
        if (until <= c.holdUntil) continue;
        c.holdUntil = until;
        emit({ rateClass: c.spec.name, waitMs: ms, reason: "retry-after" });
      }
    },

    classesOf(url) {
      return classesOf({ method: "GET", url, headers: {} }).map((c) => c.spec.name);
    },

    onWait(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    snapshot() {
      const now = clock.now();
      return classes.map((c) => {
        c.prune(now, margin);
        return {
          name: c.spec.name,
          limit: c.limit,
          windowMs: c.windowMs,
          used: c.slots.length,
          heldUntil: c.holdUntil > now ? c.holdUntil : undefined,
          serverRemaining: c.server?.remaining,
          serverResetAt: c.server?.resetAt,
          marginMs: margin,
        };
      });
    },
  };
}
