import { defineZendeskStream, exportTimePaginator } from "@calabi/zendesk-common";
import { ticketMetricEventSchema } from "../schemas/ticket-metric-events.js";
import { exportStartTime, startSeconds } from "../common/start.js";

/** Time-based export of SLA/metric events; `deleted: true` marks voided events. State `{time: unix}` (ISO accepted on read). */
export const ticketMetricEvents = defineZendeskStream({
  name: "ticket_metric_events",
  path: "incremental/ticket_metric_events.json",
  paginator: () => exportTimePaginator(),
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
  records: "ticket_metric_events",
  primaryKey: "id",
  schema: ticketMetricEventSchema,
  incremental: {
    kind: "server",
    cursorField: "time",
    stateFormat: "unix",
    startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
    dedupeAcrossPages: true,
  },
  start: (ctx) => startSeconds(ctx),
});
