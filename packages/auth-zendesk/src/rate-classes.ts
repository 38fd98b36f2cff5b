/**
 * Zendesk rate classes (ZENDESK-API.md §7, STREAMS.md §6) for the kernel budget. A request is
 * counted against every class whose `match` fits its path: an incremental export uses both the
 * incremental-exports budget and the Support account budget. Help Center and Community requests
 * have their own account budget, counted separately from Support.
 */
import type { RateClass } from "@calabi/kernel";

export interface ZendeskRateClassOptions {
  /** Support account limit per minute to start from (default 700; adapted from headers). */
  accountRequestsPerMinute?: number;
  /** Help Center / Community account limit per minute (default 700). */
  helpCenterRequestsPerMinute?: number;
  /** Incremental exports per minute (default 10; 30 with the High Volume add-on). */
  incrementalRequestsPerMinute?: number;
  /** Shortcut for the High Volume add-on: incremental exports 30/min, account 2500/min. */
  highVolume?: boolean;
  /** Export Search Results per minute (default 100). */
  searchExportRequestsPerMinute?: number;
  /** Deleted tickets list per minute (default 10). */
  deletedTicketsRequestsPerMinute?: number;
}

const MINUTE = 60_000;

/** Account-wide headers: `x-rate-limit*`, `ratelimit-*` and the 2023 spelling `rate-limit*`. */
export const ACCOUNT_RATE_HEADERS = [
  "x-rate-limit",
  "x-rate-limit-remaining",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "rate-limit",
  "rate-limit-remaining",
  "rate-limit-reset",
];

export const RATE_CLASS = {
  account: "account",
  helpCenter: "help-center",
  incremental: "incremental-exports",
  searchExport: "search-export",
  deletedTickets: "deleted-tickets",
} as const;

export function zendeskRateClasses(options: ZendeskRateClassOptions = {}): RateClass[] {
  const highVolume = options.highVolume === true;
  return [
    {
      name: RATE_CLASS.account,
      // Every Support API path; Help Center and Community are budgeted separately.
      match: /^\/api\/v2\/(?!help_center(?:\/|\.json|$)|community(?:\/|\.json|$))/,
      requestsPerWindow: options.accountRequestsPerMinute ?? (highVolume ? 2500 : 700),
      windowMs: MINUTE,
      headerNames: ACCOUNT_RATE_HEADERS,
    },
    {
      name: RATE_CLASS.helpCenter,
      match: /^\/api\/v2\/(?:help_center|community)(?:\/|\.json|$)/,
      requestsPerWindow: options.helpCenterRequestsPerMinute ?? (highVolume ? 2500 : 700),
      windowMs: MINUTE,
      headerNames: ACCOUNT_RATE_HEADERS,
    },
    {
      name: RATE_CLASS.incremental,
      // Not /api/v2/help_center/incremental/…: that one is a plain Help Center request.
      match: /^\/api\/v2\/incremental\//,
      requestsPerWindow: options.incrementalRequestsPerMinute ?? (highVolume ? 30 : 10),
      windowMs: MINUTE,
      headerNames: ["zendesk-ratelimit-incremental-exports"],
    },
    {
      name: RATE_CLASS.searchExport,
      match: /^\/api\/v2\/search\/export(?:\.json)?$/,
      requestsPerWindow: options.searchExportRequestsPerMinute ?? 100,
      windowMs: MINUTE,
    },
    {
      name: RATE_CLASS.deletedTickets,
      match: /^\/api\/v2\/deleted_tickets(?:\.json)?$/,
      requestsPerWindow: options.deletedTicketsRequestsPerMinute ?? 10,
      windowMs: MINUTE,
    },
  ];
}

/** Names of the classes a path is counted against (what the budget will do; handy for tests and logs). */
export function rateClassesFor(path: string, classes: RateClass[] = zendeskRateClasses()): string[] {
  return classes.filter((c) => c.match.test(path)).map((c) => c.name);
}

/**
 * The class a request to `path` waits on: the scarcest of the classes it is counted against (an
 * export is counted against the account too, but the export budget is what runs out). Undefined
 * for a path no class matches.
 */
export function boundRateClass(path: string, classes: RateClass[] = zendeskRateClasses()): string | undefined {
  const matched = classes.filter((c) => {
    c.match.lastIndex = 0;
    return c.match.test(path);
  });
  matched.sort((a, b) => a.requestsPerWindow / a.windowMs - b.requestsPerWindow / b.windowMs);
  return matched[0]?.name;
}
