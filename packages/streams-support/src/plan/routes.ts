/**
 * `calabi plan` for the Support streams whose read has a choice of endpoint.
 *
 * `chooseRoute` is THE seam: the one place a plan asks which endpoints a hand-written stream will
 * read, with which page sizes and time ranges, for a given state and set of selected streams
 * (declarative streams need none: their plan follows their definition). It asks the sync's own
 * route functions (`firstSyncRoute`, ../routes.ts) and adds what a plan needs to size each read:
 * the page size the read asks for. `sizeRoute` then sizes each read: exports and the audits feed
 * from the ticket events' density over time, the bulk lists from a count endpoint.
 */
import {
  densityOverTime,
  type GroupEstimate,
  type PageWalk,
  pagesFor,
  type PlanContext,
  readFirstPage,
  sizeFromFirstPage,
  type StreamEstimate,
  type StreamRecord,
  type StreamState,
  type TimeDensity,
  toUnixSeconds,
} from "@calabi/kernel";
import { exportTimePaginator, zendeskCount } from "@calabi/zendesk-common";
import { configuredPageSize } from "../common/adaptive-page.js";
import { apiUrl, recordsAt } from "../common/pages.js";
import { exportStartTime, startSeconds } from "../common/start.js";
import { firstSyncRoute } from "../routes.js";

/** One read of a route, as a plan sizes it. */
export interface PlannedRead {
  /** Path under /api/v2/ of the first request. */
  path: string;
  /** Records per page the read asks for (adaptive reads: the size they start at). */
  pageSize: number;
  /** The time range it covers (unix seconds); absent: from the start, up to now. */
  from?: number;
  until?: number;
  /** Read at the same time as the read before it. */
  alongside?: boolean;
}

export interface ReadRoute {
  reads: PlannedRead[];
  /** What the route is, in a few words, for the plan's table. */
  label: string;
}

export interface RouteQuery {
  stream: string;
  /** The stream's saved state; undefined on a first sync. */
  state: StreamState | undefined;
  config: any;
  /** Every stream read in the same walk (a shared pass), the stream itself included. */
  members: readonly string[];
  /** Every stream of the run. */
  selected: ReadonlySet<string>;
  /** The time of the run, ms. */
  now: number;
}

/** Zendesk's export page (tickets, users, organizations, ticket events), and the adaptive reads' first. */
const EXPORT_PAGE = 1000;
/** ticket_audits read alone: `limit=200` (bigger pages time out). */
const AUDITS_PAGE = 200;

const EVENTS = "incremental/ticket_events.json";
const AUDITS = "ticket_audits.json";

/** The path under /api/v2/ of a route function's endpoint (`/api/v2/ticket_audits` → `ticket_audits.json`). */
const pathOf = (endpoint: string) => `${endpoint.replace(/^\/api\/v2\//, "")}.json`.replace(/\.json\.json$/, ".json");

/** Which endpoints `query.stream` reads (see the module comment); undefined for a stream without a choice. */
export function chooseRoute(query: RouteQuery): ReadRoute | undefined {
  const comments = query.members.includes("ticket_comments");
  const commentPage = configuredPageSize(query.config) ?? EXPORT_PAGE;
  const ctx = { config: query.config, mode: "incremental" as const, state: query.state, selected: query.selected, now: query.now };
  switch (query.stream) {
    case "ticket_comments": {
      const route = firstSyncRoute("ticket_comments", ctx)!;
      return {
        reads: route.reads.map((read, i) => {
          const path = pathOf(read.endpoint);
          return {
            path,
            pageSize: path === EVENTS ? commentPage : EXPORT_PAGE,
            ...(read.from !== undefined ? { from: read.from } : {}),
            ...(read.until !== undefined ? { until: read.until } : {}),
            ...(i > 0 ? { alongside: true } : {}),
          };
        }),
        label: route.why,
      };
    }
    case "ticket_events":
      return { reads: [{ path: EVENTS, pageSize: comments ? commentPage : EXPORT_PAGE }], label: comments ? "ticket events export with comments" : "ticket events export" };
    case "ticket_audits":
      return { reads: [{ path: AUDITS, pageSize: AUDITS_PAGE }], label: "audits feed, newest first" };
    case "users":
    case "user_identities":
      return { reads: [{ path: pathOf(firstSyncRoute("users", ctx)!.reads[0].endpoint), pageSize: EXPORT_PAGE }], label: "users export (cursor)" };
    default:
      return undefined;
  }
}

export interface RouteSize {
  /** Records per member stream. */
  records: Record<string, number | undefined>;
  /** Requests per read of the route. */
  requests: number[];
  basis: string;
}

/** How many pages each read of a route takes and what they hold, for the members read on it (each from its own start). */
export async function sizeRoute(route: ReadRoute, starts: Record<string, number>, ctx: PlanContext): Promise<RouteSize> {
  const members = Object.keys(starts);
  const from = Math.min(...Object.values(starts));
  const now = Math.floor(ctx.clock.now() / 1000);
  const byCount = async (resource: string) => {
    const n = await zendeskCount(ctx, resource);
    return { records: Object.fromEntries(members.map((m) => [m, n])), requests: [n === undefined ? 2 : pagesFor(n, route.reads[0].pageSize)], basis: `${resource} count endpoint` };
  };
  const first = route.reads[0].path;
  if (first === "incremental/users/cursor.json") return byCount("users");
  if (route.reads.every((r) => r.path === EVENTS || r.path === AUDITS)) {
    // Every audit is one ticket event: both are sized from the events' density over time.
    const events = await ticketEvents(ctx, from);
    const commentsPerEvent = events.sample.length > 0 ? events.sample.reduce((n, e) => n + childComments(e), 0) / events.sample.length : 0;
    const requests = route.reads.map((r, i) => {
      // An audits read alongside walks back to the earliest member start (ticket_audits' own when it is read too).
      const start = r.path === AUDITS && i > 0 ? Math.min(r.from ?? from, starts.ticket_audits ?? Infinity) : Math.max(from, r.from ?? from);
      return pagesFor(events.between(start, r.until ?? now), r.pageSize);
    });
    const records: Record<string, number | undefined> = {};
    for (const m of members) {
      const n = events.between(starts[m]);
      records[m] = Math.round(m === "ticket_comments" ? n * commentsPerEvent : n);
    }
    return { records, requests, basis: `ticket events ${events.basis}` };
  }
  return { records: Object.fromEntries(members.map((m) => [m, undefined])), requests: route.reads.map(() => 2), basis: `no sizing for ${first}` };
}

/**
 * The ticket events from `start` on: first pages of the time-based export (1000 events, no comment
 * side-load) from the start and from halfway to now. Audits are the same records (one event per audit).
 */
function ticketEvents(ctx: PlanContext, start: number): Promise<TimeDensity> {
  return ctx.once(`ticket-events:${ctx.baseUrl}:${start}`, () =>
    densityOverTime({
      firstPageFrom: (from) =>
        readFirstPage(ctx, {
          url: apiUrl(ctx, EVENTS, { start_time: exportStartTime(from, ctx) }),
          paginator: exportTimePaginator({ perPage: EXPORT_PAGE }),
          records: recordsAt("ticket_events"),
          label: "ticket_events",
        }),
      start,
      cursorOf: (r) => toUnixSeconds(r.timestamp),
      nowSeconds: Math.floor(ctx.clock.now() / 1000),
    }),
  );
}

const childComments = (event: StreamRecord) =>
  Array.isArray(event.child_events) ? (event.child_events as StreamRecord[]).filter((c) => c?.event_type === "Comment").length : 0;

/** The start of a member's read: its saved cursor, else the configured start. */
export function startOf(state: StreamState | undefined, cursorField: string, ctx: Pick<PlanContext, "config" | "clock">): number {
  const saved = toUnixSeconds(state?.[cursorField]);
  const configured = startSeconds(ctx as never);
  return saved !== undefined ? Math.max(saved, configured) : configured;
}

/** A stream's estimate on its chosen route (the stream read alone). */
export async function routedEstimate(stream: string, cursorField: string, ctx: PlanContext): Promise<StreamEstimate> {
  const { route, batches, basis, records } = await routedGroupEstimate([stream], { [stream]: { state: ctx.state as StreamState | undefined, cursorField } }, ctx);
  return { route, batches, basis, ...(records[stream] !== undefined ? { records: records[stream] } : {}) };
}

/** Several streams read in one walk on their chosen route (a shared pass), each from its own start. */
export async function routedGroupEstimate(
  members: string[],
  states: Record<string, { state: StreamState | undefined; cursorField: string }>,
  ctx: Omit<PlanContext, "state" | "mode">,
): Promise<GroupEstimate> {
  const route = chooseRoute({
    stream: members.includes("ticket_comments") ? "ticket_comments" : members[0],
    state: states[members[0]]?.state,
    config: ctx.config,
    members,
    selected: ctx.selected ?? new Set(members),
    now: ctx.clock.now(),
  })!;
  const starts = Object.fromEntries(members.map((m) => [m, startOf(states[m]?.state, states[m]?.cursorField ?? "", ctx)]));
  const saved = members.some((m) => states[m]?.state !== undefined);
  const size = await sizeRoute(route, starts, ctx as PlanContext);
  const paths = [...new Set(route.reads.map((r) => r.path))];
  return {
    route: `${paths.map((p) => `/api/v2/${p}`).join(" + ")} (${route.label})`,
    batches: route.reads.map((r, i) => ({ url: apiUrl(ctx, r.path), requests: size.requests[i], ...(r.alongside ? { alongside: true } : {}) })),
    basis: saved ? `saved state + ${size.basis}` : size.basis,
    records: size.records,
  };
}

/**
 * A hand-written list's estimate from its first page, read as the stream reads it: the whole list,
 * the envelope's total, or — for a list in cursor order (`cursorField`) — extrapolated over time.
 */
export async function firstPageEstimate(ctx: PlanContext, walk: PageWalk, cursorField?: string): Promise<StreamEstimate> {
  const page = await readFirstPage(ctx, walk);
  const size = sizeFromFirstPage(page, {
    total: walk.paginator.total?.(page.body),
    ...(cursorField ? { cursorOf: (r: StreamRecord) => toUnixSeconds(r[cursorField]) } : {}),
    nowSeconds: Math.floor(ctx.clock.now() / 1000),
  });
  const url = typeof walk.url === "string" ? walk.url : walk.url.url;
  return {
    route: new URL(url).pathname,
    ...(size.records !== undefined ? { records: size.records } : {}),
    batches: [{ url, requests: size.requests }],
    basis: ctx.state ? `saved state + ${size.basis}` : size.basis,
    sample: page.records.slice(0, 5),
  };
}
