/**
 * ticket_metrics: from the tickets export with `include=metric_sets`, so every ticket's metric set
 * comes side-loaded with it (no request per ticket), on a first sync too. The bulk `/ticket_metrics`
 * list (Airbyte's first-sync path) leaves out archived tickets (closed for 120 days), and those never
 * change again, so an export from a later state would never bring them: on a real account a first
 * sync through the list loses most of the history's metrics. A ticket whose metric set is missing
 * from the page falls back to one `tickets/{id}/metrics` request (Airbyte's path); a 403/404 there
 * (deleted ticket) skips that ticket quietly. Per-partition state with `parent_state.tickets`;
 * `_ab_updated_at` = the record's `generated_timestamp`, else the parent ticket's, and the parent's
 * `generated_timestamp` travels along.
 *
 * Selected with `tickets` and at the same place (both on a first sync, or both resuming from the
 * same tickets cursor, which a shared run leaves), one walk serves both (`ticketsMetricsGroup`).
 * A plain `{"_ab_updated_at": X}` (or pre-4.3 `{"updated_at": X}`) state migrates to per-partition
 * state whose tickets parent starts at X.
 */
import {
  type GroupEstimate,
  type GroupPage,
  type GroupPlanContext,
  type GroupReadContext,
  type GroupRouteContext,
  isPerPartitionState,
  type Page,
  parentEstimate,
  type PlanContext,
  readSubstream,
  type ReadContext,
  type StreamEstimate,
  type StreamGroup,
  singleRequest,
  type Stream,
  type StreamRecord,
  type StreamState,
  type SubstreamDefinition,
  toJsonSchema,
  toUnixSeconds,
} from "@calabi/kernel";
import { ticketMetricSchema } from "../schemas/ticket-metrics.js";
import { skipPartitionOn } from "../common/error-rules.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { migrateTicketsState, tickets, ticketsWalk } from "./tickets.js";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import type { StreamRoute } from "./ticket_comment_routes.js";

const CURSOR = "_ab_updated_at";

/** Each page's metric sets by ticket (the ticket objects are the page's own; nothing is copied). */
const metricSets = new WeakMap<object, StreamRecord>();

/** The page's tickets, each with its side-loaded metric set noted in `metricSets`. */
function ticketsWithMetricSets(body: any): StreamRecord[] {
  // A `tickets` that is not an array is passed on as is, so the walk reports the malformed page.
  if (!Array.isArray(body?.tickets)) return body?.tickets;
  const byTicket = new Map<unknown, StreamRecord>();
  for (const m of Array.isArray(body?.metric_sets) ? body.metric_sets : []) byTicket.set(m.ticket_id, m);
  for (const t of body.tickets) {
    const set = byTicket.get(t.id);
    if (set) metricSets.set(t, set);
  }
  return body.tickets;
}

/**
 * ticket_metrics' parent: the tickets stream's own walk with metric sets (same requests, cursor and
 * state; deleted tickets arrive as deletions, so they are no partitions). Read alone or shared.
 */
const ticketsWithMetrics = ticketsWalk("metric_sets", ticketsWithMetricSets);

const perTicketRules = [skipPartitionOn([403, 404], "ticket metrics unavailable (deleted ticket)")];

export function migrateTicketMetricsState(state: StreamState): StreamState {
  if (isPerPartitionState(state)) return state;
  // Before 4.3.0 the cursor was the metric's `updated_at`.
  const key = state[CURSOR] !== undefined ? CURSOR : state.updated_at !== undefined ? "updated_at" : undefined;
  if (key === undefined) return state;
  const at = toUnixSeconds(state[key]);
  if (at === undefined) throw new Error(`ticket_metrics state {"${key}": ${JSON.stringify(state[key])}} is not a timestamp`);
  return {
    use_global_cursor: false,
    lookback_window: 0,
    state: { [CURSOR]: String(at) },
    states: [],
    parent_state: { tickets: { generated_timestamp: String(at) } },
  };
}

/** ticket_metrics as a substream of `parent` (a walk of the tickets export with metric sets). */
function metricsOf(parent: Stream): SubstreamDefinition {
  return {
    parent,
    partition: (t) => ({ ticket_id: t.id }),
    async readPartition({ partition, parent: ticket, ctx: c }) {
      const withCursor = (m: StreamRecord) => ({
        ...m,
        [CURSOR]: toUnixSeconds(m.generated_timestamp) ?? toUnixSeconds(ticket.generated_timestamp) ?? null,
        generated_timestamp: ticket.generated_timestamp,
      });
      const sideLoaded = metricSets.get(ticket);
      if (sideLoaded) return [withCursor(sideLoaded)];
      const url = apiUrl(c, `tickets/${partition.ticket_id}/metrics.json`);
      for await (const page of walkPages(c, { url, paginator: singleRequest(), records: (b) => (b?.ticket_metric ? [b.ticket_metric] : []), rules: perTicketRules, label: "ticket_metrics" })) {
        return page.records.map(withCursor);
      }
      return [];
    },
    cursorField: CURSOR,
    stateFormat: "unix",
    start: (c) => startSeconds(c),
    skipLogLevel: "debug",
  };
}

export const ticketMetrics: Stream = {
  spec: { name: "ticket_metrics", jsonSchema: toJsonSchema(ticketMetricSchema), primaryKey: [["id"]], cursorField: [CURSOR], parents: ["tickets"] },
  migrateState: migrateTicketMetricsState,
  plan: planTicketMetrics,
  rateClass: () => RATE_CLASS.incremental,
  read: (ctx) => readSubstream(metricsOf(ticketsWithMetrics), ctx),
};

/** The tickets export after `parent_state` (from start_date on a first sync). */
async function planTicketMetrics(ctx: PlanContext): Promise<StreamEstimate> {
  const parentState = ctx.state && isPerPartitionState(ctx.state) ? (ctx.state.parent_state?.tickets as StreamState | undefined) : undefined;
  const parent = await parentEstimate(ticketsWithMetrics, ctx, parentState);
  return {
    route: `/api/v2/incremental/tickets/cursor.json (tickets export with metric sets)`,
    ...(parent.records !== undefined ? { records: parent.records } : {}),
    batches: parent.batches,
    basis: parentState ? `saved state + tickets ${parent.basis}` : `tickets ${parent.basis}`,
  };
}

/** The tickets cursor a saved ticket_metrics state resumes its parent from (undefined on a first sync). */
function metricsParentCursor(state: StreamState | undefined): StreamState | undefined {
  if (!state) return undefined;
  const migrated = migrateTicketMetricsState(state);
  return isPerPartitionState(migrated) ? (migrated.parent_state?.tickets as StreamState | undefined) : undefined;
}

/** Whether tickets and ticket_metrics would start their walks at the same place (so one walk serves both). */
function walksAlign(ctx: Pick<GroupRouteContext, "members">): boolean {
  const ticketsState = ctx.members.tickets?.state;
  try {
    const a = ticketsState ? migrateTicketsState(ticketsState) : undefined;
    const b = metricsParentCursor(ctx.members.ticket_metrics?.state);
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  } catch {
    return false; // a state that does not migrate: each stream reports it on its own
  }
}

/** ticket_metrics' route: always the tickets export with metric sets (never the /ticket_metrics list). */
export function ticketMetricsRoute(): StreamRoute {
  return {
    stream: "ticket_metrics",
    reads: [{ endpoint: "/api/v2/incremental/tickets/cursor", rateClass: RATE_CLASS.incremental }],
    why: "metric sets side-loaded on the tickets export, on the tickets stream's own walk when both are selected at one place (the /ticket_metrics list leaves out archived tickets)",
  };
}

/** Each page of the shared walk: the tickets stream's page, and ticket_metrics' page built from it. */
async function* readTicketsWithMetrics(ctx: GroupReadContext): AsyncGenerator<GroupPage> {
  let page: Page | undefined;
  const parent: Stream = {
    ...ticketsWithMetrics,
    async *read(c) {
      for await (const p of ticketsWithMetrics.read(c)) {
        page = p;
        yield p;
      }
    },
  };
  const metricsMember = ctx.members.ticket_metrics;
  const metricsCtx: ReadContext = { ...ctx, mode: metricsMember.mode, state: metricsMember.state };
  // readSubstream yields once per parent page, after the page's partitions: `page` is that page.
  for await (const metrics of readSubstream(metricsOf(parent), metricsCtx)) {
    const ticketsPage = page!;
    yield {
      records: { tickets: ticketsPage.records, ticket_metrics: metrics.records },
      ...(ticketsPage.deletions?.length ? { deletions: { tickets: ticketsPage.deletions } } : {}),
      checkpoints: {
        ...(ticketsPage.checkpoint ? { tickets: ticketsPage.checkpoint } : {}),
        ...(metrics.checkpoint ? { ticket_metrics: metrics.checkpoint } : {}),
      },
    };
  }
}

/** tickets + ticket_metrics in one walk of the tickets export (metric sets side-loaded). */
export const ticketsMetricsGroup: StreamGroup = {
  name: "tickets+ticket_metrics",
  members: ["tickets", "ticket_metrics"],
  accepts: walksAlign,
  rateClass: () => RATE_CLASS.incremental,
  read: readTicketsWithMetrics,
  async plan(ctx: GroupPlanContext): Promise<GroupEstimate> {
    const walk = await tickets.plan!({ ...ctx, mode: ctx.members.tickets.mode, state: ctx.members.tickets.state });
    const route = `${walk.route} (tickets is selected: one export walk serves both, metric sets side-loaded)`;
    return { route, batches: walk.batches, basis: walk.basis, records: { tickets: walk.records, ticket_metrics: walk.records } };
  },
};
