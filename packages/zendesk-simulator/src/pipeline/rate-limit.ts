/**
 * Rate limits, per fixed window of `minuteMs` (60 s by default; smaller in
 * benchmarks to compress time). Classes:
 * - account: every Support request, per plan (team 200, growth/professional
 *   400, enterprise 700, high-volume/enterprise_plus 2500, essential 10);
 * - help_center: same numbers, counted separately (Zendesk counts Help Center apart);
 * - incremental: `/api/v2/incremental/*`, 10 per window (30 with high volume), shared;
 * - search_export: 100; deleted_tickets: 10; tickets_index (List Tickets): 100.
 * Durations in headers (Retry-After, ratelimit-reset, resets=) are REAL seconds
 * of the scaled window, fractional when minuteMs < 60000.
 */
import type { SimClock } from "../util/clock.js";

export type Plan = "essential" | "team" | "growth" | "professional" | "enterprise" | "enterprise_plus" | "high_volume";
export type RateClass = "account" | "help_center" | "incremental" | "search_export" | "deleted_tickets" | "tickets_index";

export const PLAN_LIMITS: Record<Plan, number> = {
  essential: 10,
  team: 200,
  growth: 400,
  professional: 400,
  enterprise: 700,
  enterprise_plus: 2500,
  high_volume: 2500,
};

/** Endpoint-class header names (`zendesk-ratelimit-<name>`). The incremental one is documented; the others are [unverified]. */
const CLASS_HEADER: Partial<Record<RateClass, string>> = {
  incremental: "zendesk-ratelimit-incremental-exports",
  search_export: "zendesk-ratelimit-search-export",
  deleted_tickets: "zendesk-ratelimit-deleted-tickets",
  tickets_index: "zendesk-ratelimit-tickets-index",
};

export interface RateLimitOptions {
  plan: Plan;
  minuteMs: number;
  /** High Volume API add-on: incremental 30/min and account 2500/min. */
  highVolume?: boolean;
  /** Override any class limit. */
  limits?: Partial<Record<RateClass, number>>;
  /** Turn rate limiting off entirely (headers are still sent). */
  disabled?: boolean;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** When refused: which class and how long until its window resets (ms). */
  exhausted?: RateClass;
  retryAfterMs?: number;
}

/** Which classes a request path belongs to. */
export function classify(path: string): RateClass[] {
  if (path.startsWith("/api/v2/help_center/") || path.startsWith("/api/v2/community/") || path.startsWith("/hc/")) return ["help_center"];
  const classes: RateClass[] = ["account"];
  if (path.startsWith("/api/v2/incremental/")) classes.push("incremental");
  else if (/^\/api\/v2\/search\/export(\.json)?$/.test(path)) classes.push("search_export");
  else if (/^\/api\/v2\/deleted_tickets(\.json)?$/.test(path)) classes.push("deleted_tickets");
  return classes;
}

/** Seconds for a header: integers at real-time scale, 2-decimal fractions when compressed. */
export function formatSeconds(ms: number, minuteMs: number): string {
  if (minuteMs >= 60_000) return String(Math.max(1, Math.ceil(ms / 1000)));
  const s = Math.max(0.01, Math.ceil(ms / 10) / 100);
  return String(Number(s.toFixed(2)));
}

export class RateLimiter {
  private window = -1;
  private used = new Map<RateClass, number>();
  private readonly epoch: number;

  constructor(private readonly clock: SimClock, private options: RateLimitOptions) {
    this.epoch = clock.now();
  }

  configure(patch: Partial<RateLimitOptions>): void {
    this.options = { ...this.options, ...patch };
  }
  get minuteMs(): number {
    return this.options.minuteMs;
  }

  limitOf(cls: RateClass): number {
    const o = this.options;
    const override = o.limits?.[cls];
    if (override != null) return override;
    const hv = o.highVolume || o.plan === "high_volume" || o.plan === "enterprise_plus";
    switch (cls) {
      case "account":
      case "help_center":
        return hv ? 2500 : PLAN_LIMITS[o.plan];
      case "incremental":
        return hv ? 30 : 10;
      case "search_export":
        return 100;
      case "deleted_tickets":
        return 10;
      case "tickets_index":
        return 100;
    }
  }

  private roll(): number {
    const now = this.clock.now();
    const w = Math.floor((now - this.epoch) / this.options.minuteMs);
    if (w !== this.window) {
      this.window = w;
      this.used.clear();
    }
    return this.epoch + (w + 1) * this.options.minuteMs - now;
  }

  /** Forget every count (a fresh window). */
  reset(): void {
    this.used.clear();
  }

  /** Check and, when allowed, consume one request in each class. */
  take(classes: RateClass[], consume = true): RateDecision {
    const msLeft = this.roll();
    let exhausted: RateClass | undefined;
    if (!this.options.disabled) {
      for (const c of classes) if ((this.used.get(c) ?? 0) >= this.limitOf(c)) exhausted ??= c;
    }
    const allowed = exhausted === undefined;
    if (allowed && consume) for (const c of classes) this.used.set(c, (this.used.get(c) ?? 0) + 1);
    const reset = formatSeconds(msLeft, this.options.minuteMs);
    const headers: Record<string, string> = {};
    const main = classes[0];
    const mainLimit = this.limitOf(main);
    const mainRemaining = Math.max(0, mainLimit - (this.used.get(main) ?? 0));
    headers["x-rate-limit"] = String(mainLimit);
    headers["x-rate-limit-remaining"] = String(mainRemaining);
    headers["ratelimit-limit"] = String(mainLimit);
    headers["ratelimit-remaining"] = String(mainRemaining);
    headers["ratelimit-reset"] = reset;
    for (const c of classes.slice(1)) {
      const name = CLASS_HEADER[c];
      if (!name) continue;
      const total = this.limitOf(c);
      headers[name] = `total=${total}; remaining=${Math.max(0, total - (this.used.get(c) ?? 0))}; resets=${reset}`;
    }
    if (!allowed) headers["retry-after"] = reset;
    return { allowed, headers, exhausted, retryAfterMs: allowed ? undefined : msLeft };
  }
}
