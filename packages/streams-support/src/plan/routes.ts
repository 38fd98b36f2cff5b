/**
 * `calabi plan` for the Support streams whose read has a choice of endpoint.
 *
 * `chooseRoute` is THE seam: the one place a plan asks which endpoint a hand-written stream will
 * read, with which page size and side-loads, for a given state and set of streams read together
 * (declarative streams need none: their plan follows their definition). Today it mirrors what each
 * stream's `read` does; when a read learns a new route (say, ticket_comments from the
 * ticket_audits pass on a first sync), this function must return it (or call the stream's own
 * route function), and `sizeRoute` must know how to size that route.
 */
import {
  type GroupEstimate,
  pagesFor,
  type PageWalk,
  type PlanContext,
  readFirstPage,
  sizeFromFirstPage,
  sizeOverTime,
  type StreamEstimate,
  type StreamRecord,
  type StreamState,
  toUnixSeconds,
} from "@calabi/kernel";
import { exportTimePaginator, zendeskCount } from "@calabi/zendesk-common";
import { apiUrl, recordsAt } from "../common/pages.js";
import { exportStartTime, startSeconds } from "../common/start.js";

export interface ReadRoute {
  /** Path under /api/v2/ of the first request. */
  path: string;
  /** Records per page the read asks for. */
  pageSize: number;
  /** Query parameters that change what a page holds (side-loads). */
  params?: Record<string, string>;
  /** What the route is, in a few words, for the plan's table. */
  label: string;
}

export interface RouteQuery {
  stream: string;
  /** The stream's (migrated) saved state; undefined on a first sync. */
  state: StreamState | undefined;
  config: any;
  /** Every stream read in the same walk (a shared pass), the stream itself included. */
  members: readonly string[];
}

/** Zendesk's export page (tickets, users, organizations, ticket events without comments). */
const EXPORT_PAGE = 1000;
/** ticket_comments' default `per_page` on ticket_events (smaller pages against 504s). */
const COMMENTS_PAGE = 100;

/** Which endpoint `query.stream` reads (see the module comment); undefined for a stream without a choice. */
export function chooseRoute(query: RouteQuery): ReadRoute | undefined {
  switch (query.stream) {
    case "users":
    case "user_identities":
      return {
        path: "incremental/users/cursor.json",
        pageSize: EXPORT_PAGE,
        ...(query.members.includes("user_identities") ? { params: { include: "identities" } } : {}),
        label: "users export (cursor)",
      };
    case "ticket_events":
    case "ticket_comments": {
      const comments = query.members.includes("ticket_comments");
      return {
        path: "incremental/ticket_events.json",
        pageSize: comments ? Number(query.config?.page_size ?? COMMENTS_PAGE) : EXPORT_PAGE,
        ...(comments ? { params: { include: "comment_events" } } : {}),
        label: comments ? "ticket events export with comments" : "ticket events export",
      };
    }
    case "ticket_audits":
      return { path: "ticket_audits.json", pageSize: 200, label: "audits feed, newest first" };
    case "ticket_metrics":
      return query.state
        ? { path: "incremental/tickets/cursor.json", pageSize: EXPORT_PAGE, params: { include: "metric_sets" }, label: "tickets export with metric sets" }
        : { path: "ticket_metrics.json", pageSize: 100, label: "bulk list" };
    default:
      return undefined;
  }
}

export interface RouteSize {
  /** Records per member stream. */
  records: Record<string, number | undefined>;
  requests: number;
  basis: string;
}

/** How many pages a route takes and what they hold, for the members read on it. */
export async function sizeRoute(route: ReadRoute, members: readonly string[], ctx: PlanContext, start: number): Promise<RouteSize> {
  const only = (n: number | undefined, basis: string): RouteSize => ({
    records: Object.fromEntries(members.map((m) => [m, n])),
    requests: n === undefined ? 2 : pagesFor(n, route.pageSize),
    basis,
  });
  switch (route.path) {
    case "incremental/tickets/cursor.json":
    case "incremental/users/cursor.json":
    case "incremental/organizations.json":
    case "ticket_metrics.json": {
      const resource = route.path === "ticket_metrics.json" ? "tickets" : route.path.split("/")[1].replace(".json", "");
      return only(await zendeskCount(ctx, resource), `${resource} count endpoint`);
    }
    case "incremental/ticket_events.json":
    case "ticket_audits.json": {
      const events = await ticketEvents(ctx, start);
      const size = only(events.records, events.basis);
      if (members.includes("ticket_comments") && events.records !== undefined) size.records.ticket_comments = Math.round(events.records * events.commentsPerEvent);
      return size;
    }
    default:
      return only(undefined, `no sizing for ${route.path}`);
  }
}

/**
 * The ticket events from `start` on: first pages of the time-based export (1000 events, no comment
 * side-load) from the start and from halfway to now, extrapolated over time. Audits are the same
 * records (one event per audit).
 */
async function ticketEvents(ctx: PlanContext, start: number): Promise<{ records?: number; commentsPerEvent: number; basis: string }> {
  return ctx.once(`ticket-events:${ctx.baseUrl}:${start}`, async () => {
    const firstPageFrom = (from: number) =>
      readFirstPage(ctx, {
        url: apiUrl(ctx, "incremental/ticket_events.json", { start_time: exportStartTime(from, ctx) }),
        paginator: exportTimePaginator({ perPage: EXPORT_PAGE }),
        records: recordsAt("ticket_events"),
        label: "ticket_events",
      });
    const size = await sizeOverTime({ firstPageFrom, start, cursorOf: (r) => toUnixSeconds(r.timestamp), nowSeconds: Math.floor(ctx.clock.now() / 1000) });
    const comments = size.sample.length > 0 ? size.sample.reduce((n, e) => n + childComments(e), 0) / size.sample.length : 0;
    return { records: size.records, commentsPerEvent: comments, basis: `ticket events ${size.basis}` };
  });
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

/** Several streams read in one walk on their chosen route (a shared pass), from the earliest member start. */
export async function routedGroupEstimate(
  members: string[],
  states: Record<string, { state: StreamState | undefined; cursorField: string }>,
  ctx: Omit<PlanContext, "state" | "mode">,
): Promise<GroupEstimate> {
  const route = chooseRoute({ stream: members[0], state: states[members[0]]?.state, config: ctx.config, members })!;
  const start = Math.min(...members.map((m) => startOf(states[m]?.state, states[m]?.cursorField ?? "", ctx)));
  const saved = members.some((m) => states[m]?.state !== undefined);
  const size = await sizeRoute(route, members, ctx as PlanContext, start);
  return {
    route: `/api/v2/${route.path} (${route.label})`,
    batches: [{ url: apiUrl(ctx, route.path), requests: size.requests }],
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
