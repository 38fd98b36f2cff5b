/**
 * ticket_metrics has two paths (STREAMS.md §3.1):
 * - no state (first sync, full refresh): the bulk `/ticket_metrics` list, `_ab_updated_at =
 *   unix(updated_at)`; it cannot checkpoint mid-way, so it ends with `{"_ab_updated_at": "<max>"}`;
 * - with state: the tickets export from `parent_state.tickets` with `include=metric_sets`, so the
 *   metrics of changed tickets come side-loaded with them (no request per ticket). A ticket whose
 *   metric set is missing from the page falls back to one `tickets/{id}/metrics` request (Airbyte's
 *   path); a 403/404 there (deleted ticket) skips that ticket quietly. Per-partition state;
 *   `_ab_updated_at` = the record's `generated_timestamp`, else the parent ticket's, and the
 *   parent's `generated_timestamp` travels along.
 * A plain `{"_ab_updated_at": X}` (or pre-4.3 `{"updated_at": X}`) state migrates to per-partition state whose tickets parent starts at X.
 */
import { defineZendeskStream, exportCursorPaginator, linksPaginator } from "@calabi/zendesk-common";
import {
  CursorTracker,
  isPerPartitionState,
  parentEstimate,
  type PlanContext,
  readSubstream,
  type StreamEstimate,
  singleRequest,
  type Stream,
  type StreamRecord,
  type StreamState,
  toJsonSchema,
  toUnixSeconds,
} from "@calabi/kernel";
import { ticketMetricSchema } from "../schemas/ticket-metrics.js";
import { skipPartitionOn } from "../common/error-rules.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { exportStartTime, startSeconds } from "../common/start.js";
import { tickets } from "./tickets.js";
import { chooseRoute, routedEstimate } from "../plan/routes.js";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import type { RouteContext } from "@calabi/kernel";
import type { StreamRoute } from "./ticket_comment_routes.js";

const CURSOR = "_ab_updated_at";
const METRIC_SET = Symbol("metric set");

/** Attaches each side-loaded metric set to its ticket (in memory only; never emitted). */
function ticketsWithMetricSets(body: any): StreamRecord[] {
  const sets = new Map<unknown, StreamRecord>();
  for (const m of Array.isArray(body?.metric_sets) ? body.metric_sets : []) sets.set(m.ticket_id, m);
  // A `tickets` that is not an array is passed on as is, so the walk reports the malformed page.
  if (!Array.isArray(body?.tickets)) return body?.tickets;
  return body.tickets.map((t: StreamRecord) => Object.assign({ ...t }, { [METRIC_SET]: sets.get(t.id) }));
}

/** The tickets stream (same name, path, cursor and state) asking for `include=metric_sets`. */
const ticketsParent = defineZendeskStream({
  name: tickets.spec.name,
  path: "incremental/tickets/cursor.json",
  params: { exclude_deleted: "true", include: "metric_sets" },
  paginator: () => exportCursorPaginator(),
  records: ticketsWithMetricSets,
  primaryKey: "id",
  schema: tickets.spec.jsonSchema,
  incremental: {
    kind: "server",
    cursorField: "generated_timestamp",
    stateFormat: "unix",
    startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
  },
  start: (ctx) => startSeconds(ctx),
});

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

async function* bulk(ctx: Parameters<Stream["read"]>[0]) {
  const cursor = new CursorTracker({ cursorField: CURSOR, format: "unix", start: startSeconds(ctx), cursorOf: (m) => toUnixSeconds(m.updated_at) });
  const url = apiUrl(ctx, "ticket_metrics.json");
  for await (const page of walkPages(ctx, { url, paginator: linksPaginator({ pageSize: 100 }), records: "ticket_metrics", label: "ticket_metrics" })) {
    yield { records: cursor.keep(page.records).map((metric) => ({ ...metric, [CURSOR]: toUnixSeconds(metric.updated_at) ?? null })) };
  }
  yield { records: [], checkpoint: cursor.checkpoint() };
}

export const ticketMetrics: Stream = {
  spec: { name: "ticket_metrics", jsonSchema: toJsonSchema(ticketMetricSchema), primaryKey: [["id"]], cursorField: [CURSOR], parents: ["tickets"] },
  migrateState: migrateTicketMetricsState,
  plan: planTicketMetrics,
  rateClass: (ctx) => ticketMetricsRoute(ctx).reads[0].rateClass,
  read(ctx) {
    if (!ctx.state) return bulk(ctx);
    return readSubstream(
      {
        parent: ticketsParent,
        partition: (t) => ({ ticket_id: t.id }),
        async readPartition({ partition, parent, ctx: c }) {
          const withCursor = (m: StreamRecord) => ({
            ...m,
            [CURSOR]: toUnixSeconds(m.generated_timestamp) ?? toUnixSeconds(parent.generated_timestamp) ?? null,
            generated_timestamp: parent.generated_timestamp,
          });
          const sideLoaded = (parent as Record<symbol, StreamRecord | undefined>)[METRIC_SET];
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
      },
      ctx,
    );
  },
};

/** The bulk list on a first sync (one metric set per ticket); from a saved state, the tickets export after `parent_state`. */
async function planTicketMetrics(ctx: PlanContext): Promise<StreamEstimate> {
  const route = chooseRoute({ stream: "ticket_metrics", state: ctx.state, config: ctx.config, members: ["ticket_metrics"], selected: ctx.selected ?? new Set(), now: ctx.clock.now() })!;
  if (route.reads[0].path === "ticket_metrics.json") return routedEstimate("ticket_metrics", CURSOR, ctx);
  const parentState = ctx.state && isPerPartitionState(ctx.state) ? (ctx.state.parent_state?.tickets as StreamState | undefined) : undefined;
  const parent = await parentEstimate(ticketsParent, ctx, parentState);
  return {
    route: `/api/v2/${route.reads[0].path} (${route.label})`,
    ...(parent.records !== undefined ? { records: parent.records } : {}),
    batches: parent.batches,
    basis: `saved state + tickets ${parent.basis}`,
  };
}

/** ticket_metrics' route: no state, the bulk list (account class); with state, the tickets export. */
export function ticketMetricsRoute(ctx: Pick<RouteContext, "state">): StreamRoute {
  return ctx.state === undefined
    ? { stream: "ticket_metrics", reads: [{ endpoint: "/api/v2/ticket_metrics", rateClass: RATE_CLASS.account }], why: "first sync: the bulk list" }
    : { stream: "ticket_metrics", reads: [{ endpoint: "/api/v2/incremental/tickets/cursor", rateClass: RATE_CLASS.incremental }], why: "incremental: metric sets side-loaded on the tickets export" };
}
