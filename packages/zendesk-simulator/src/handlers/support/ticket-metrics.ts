/**
 * Ticket metrics and metric events (ZENDESK-API.md §4.6, §11):
 * - `/api/v2/ticket_metrics`: CBP or OBP, newest ticket first; archived tickets left out;
 * - `/api/v2/tickets/{id}/metrics`: `{ticket_metric}`, 404 RecordNotFound for a deleted or unknown ticket;
 * - `/api/v2/incremental/ticket_metric_events`: time-based export (`start_time`), or cursor
 *   pagination in chronological order when `page[size]` is sent.
 */
import { NotFoundError } from "../../core/errors.js";
import { deletedTicketIds } from "../../account/facts.js";
import { archivedTickets } from "../../account/support-access.js";
import { entriesSource } from "../../pagination/entries-source.js";
import { idEntries } from "../../store/sorted-entries.js";
import { METRIC_ID_BASE, metricEvents, ticketMetric } from "../../account/ticket-metrics.js";
import { buildUrl, json, otherParams } from "../../core/http.js";
import { wantsCursor } from "../../pagination/cursor.js";
import { timeExportPage } from "../../pagination/export-time.js";
import type { Route, RouteContext } from "../../core/route.js";
import { exportPerPage, startTimeParam } from "../exports/params.js";
import { byIdSources, listResponse } from "../list.js";

/** Metrics newest ticket first, generated for the page only (ticket ids are 1..size, deleted ones skipped). */
function list(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  const deleted = deletedTicketIds(account);
  const size = account.tickets.size;
  // Archived tickets are not in this list (the tickets export and /tickets/{id}/metrics still have them).
  const archived = archivedTickets(ctx.sim);
  const listed = (p: number) => !deleted.has(p + 1) && !archived?.(p + 1);
  const sources = byIdSources(
    ctx,
    idEntries(size, (p) => p + 1),
    listed,
    (p) => ticketMetric(account, account.tickets.get(p + 1)!),
    () => {
      if (!archived) return size - deleted.size;
      let n = 0;
      for (let p = 0; p < size; p++) if (listed(p)) n++;
      return n;
    },
    true,
  );
  return listResponse(ctx, sources, {
    key: "ticket_metrics",
    endpoint: "ticket_metrics",
    cursorOrder: { label: "-ticket_id", key: (m) => [m.ticket_id as number], dirs: [-1] },
  });
}

function one(ctx: RouteContext): Response {
  const ticket = ctx.sim.account.tickets.get(Number(ctx.params.id));
  if (!ticket || ticket.status === "deleted") throw new NotFoundError("tickets", ctx.params.id);
  // The single-ticket form also carries the ticket's generated_timestamp (Airbyte's fixtures; [lib]).
  return json(200, { ticket_metric: { ...ticketMetric(ctx.sim.account, ticket), generated_timestamp: ticket.generated_timestamp } });
}

/** `/ticket_metrics/{id}`: metric ids are `METRIC_ID_BASE.metric + ticket id`. */
function show(ctx: RouteContext): Response {
  const ticketId = Number(ctx.params.id) - METRIC_ID_BASE.metric;
  const ticket = ticketId > 0 ? ctx.sim.account.tickets.get(ticketId) : undefined;
  if (!ticket || ticket.status === "deleted") throw new NotFoundError("ticket_metrics", ctx.params.id);
  return json(200, { ticket_metric: ticketMetric(ctx.sim.account, ticket) });
}

function events(ctx: RouteContext): Response {
  const startTime = startTimeParam(ctx);
  const collection = metricEvents(ctx.sim.account);
  if (wantsCursor(ctx.query)) {
    const { index } = collection;
    const visible = entriesSource(index, { build: (p) => collection.byId.get(index.idAt(p)), keyRange: { from: startTime, to: ctx.sim.horizon() } });
    return listResponse(ctx, { cursor: visible }, {
      key: "ticket_metric_events",
      endpoint: "incremental/ticket_metric_events",
      modes: "cursor",
      cursorOrder: { label: "time,id", key: (e) => [collection.keyOf(e), e.id as number], dirs: [1, 1] },
    });
  }
  const page = timeExportPage(collection, {
    startTime,
    perPage: exportPerPage(ctx),
    horizon: ctx.sim.horizon(),
    maxPage: ctx.sim.options.timeExportMaxPage,
  });
  return json(200, {
    ticket_metric_events: page.records,
    next_page: buildUrl(ctx.origin, ctx.rawPath, [...otherParams(ctx.query, ["start_time"]), ["start_time", String(page.endTime)]]),
    count: page.records.length,
    end_of_stream: page.endOfStream,
    end_time: page.endTime,
  });
}

export const ticketMetricRoutes: Route[] = [
  { method: "GET", path: "/api/v2/ticket_metrics", handler: list },
  { method: "GET", path: "/api/v2/ticket_metrics/:id", handler: show },
  { method: "GET", path: "/api/v2/tickets/:id/metrics", handler: one },
  { method: "GET", path: "/api/v2/incremental/ticket_metric_events", handler: events, params: ["start_time", "per_page", "page[size]", "page[after]", "page[before]"] },
];
