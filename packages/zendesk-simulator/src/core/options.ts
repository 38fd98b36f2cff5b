/** Every option of the simulator, with its default. */
import type { CredentialOptions } from "../pipeline/auth.js";
import type { BaseClock } from "../util/clock.js";
import type { FaultOptions } from "../pipeline/faults.js";
import type { GuideOptions } from "../account/guide/options.js";
import type { PlanGateOverrides } from "../pipeline/plan-gates.js";
import type { Plan, RateClass } from "../pipeline/rate-limit.js";

export interface SimulatorOptions {
  /** Seed of every generated record and of random faults (default 1). */
  seed?: number;
  /** Number of tickets (default 200); users, organizations, groups and tags scale with it. */
  tickets?: number;
  /** Alias of `tickets`. */
  size?: number;
  /** Override derived counts. */
  users?: number;
  organizations?: number;
  groups?: number;
  /** Extra organizations that all share one `updated_at` second (the ≥1000-in-one-second trap of time-based exports). */
  organizationsInOneSecond?: number;
  /** Days of history the generated data spans (default 400). */
  historyDays?: number;
  /** Account subdomain (default "acme"): records say https://acme.zendesk.com/... */
  subdomain?: string;
  /** Plan: rate limits and plan-gated endpoints (default "enterprise"). */
  plan?: Plan;
  /** Minimum plan and 403 body of each plan-gated endpoint (see ../pipeline/plan-gates.ts; defaults are best guesses). */
  planGates?: PlanGateOverrides;
  /**
   * Answer every API request as Zendesk does for a subdomain with no account: 404
   * `{"error":{"title":"No help desk at <host>","message":…}}` (ZENDESK-API.md §2, [lib]).
   */
  unknownSubdomain?: boolean;
  /**
   * Response latency of every API request: log-normal around `medianMs` with shape `sigma`
   * (default 0.5), seeded per request. Off by default.
   */
  latency?: { medianMs: number; sigma?: number };
  /** High Volume API add-on (2500/min, incremental 30/min). */
  highVolume?: boolean;
  /** Override per-class rate limits. */
  rateLimits?: Partial<Record<RateClass, number>>;
  /** Disable rate limiting (headers still sent). */
  rateLimitDisabled?: boolean;
  /** Length of a rate-limit "minute" in real ms (default 60000). */
  minuteMs?: number;
  faults?: FaultOptions;
  credentials?: CredentialOptions;
  /** Cap for OAuth access-token lifetimes (seconds). */
  maxAccessTokenTtlSeconds?: number;
  /** Base clock (default real time). The simulator's now = clock.now() + advanced offset. */
  clock?: BaseClock;
  /** Time the generated history ends at (ms or ISO; default: the clock's now at start). Fix it for byte-identical data. */
  anchor?: number | string;
  /** Incremental exports hide the last N seconds and reject newer start_time (default 60). */
  freshnessSeconds?: number;
  /** Largest page the time-based same-second extension may produce (default 1000). */
  timeExportMaxPage?: number;
  /**
   * Incremental exports asked for more than this many records per page (the default page is 1000)
   * answer 504 `upstream request timeout`, like heavy pages on real accounts; clients shrink
   * `per_page` and retry. Default: never.
   */
  exportTimeoutAbovePerPage?: number;
  /** page[size] above the endpoint max: "reject" (400, default) or "clamp". */
  cbpOversize?: "reject" | "clamp";
  /** Max request-log entries kept (default 100000). */
  requestLogLimit?: number;
  /** Help Center, Community and brands (../account/guide/options.ts). */
  guide?: GuideOptions;
}

export interface ResolvedOptions {
  seed: number;
  tickets: number;
  subdomain: string;
  plan: Plan;
  minuteMs: number;
  freshnessSeconds: number;
  timeExportMaxPage: number;
  cbpOversize: "reject" | "clamp";
  requestLogLimit: number;
}

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  const tickets = o.tickets ?? o.size ?? 200;
  if (!Number.isInteger(tickets) || tickets < 0) throw new RangeError("tickets must be a non-negative integer");
  const minuteMs = o.minuteMs ?? 60_000;
  if (!(minuteMs > 0)) throw new RangeError("minuteMs must be positive");
  return {
    seed: o.seed ?? 1,
    tickets,
    subdomain: o.subdomain ?? "acme",
    plan: o.plan ?? "enterprise",
    minuteMs,
    freshnessSeconds: o.freshnessSeconds ?? 60,
    timeExportMaxPage: o.timeExportMaxPage ?? 1000,
    cbpOversize: o.cbpOversize ?? "reject",
    requestLogLimit: o.requestLogLimit ?? 100_000,
  };
}
