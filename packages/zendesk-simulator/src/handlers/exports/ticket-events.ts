/**
 * `/api/v2/incremental/ticket_events` (ZENDESK-API.md §4.5): a time-based export with one event per
 * ticket audit. Without `include=comment_events` a comment shows only as a child event with
 * `comment_present`/`comment_public`; with it the child carries the whole comment.
 */
import { historyOf, ticketEvent } from "../../account/ticket-history.js";
import { buildUrl, json, otherParams } from "../../core/http.js";
import { timeExportPage } from "../../pagination/export-time.js";
import type { Route, RouteContext } from "../../core/route.js";
import { exportPerPage, startTimeParam } from "./params.js";
import { includes } from "../sideloads.js";

/** The export, or with `sampleSize` its `/sample` form: one page of at most that many events. */
const ticketEvents = (sampleSize?: number) => (ctx: RouteContext): Response => {
  const startTime = startTimeParam(ctx);
  const perPage = sampleSize ?? exportPerPage(ctx);
  const history = historyOf(ctx.sim.account);
  const page = timeExportPage(history.audits, {
    startTime,
    perPage,
    horizon: ctx.sim.horizon(),
    maxPage: sampleSize ?? ctx.sim.options.timeExportMaxPage,
  });
  const withComments = includes(ctx).has("comment_events");
  const nextPage = buildUrl(ctx.origin, ctx.rawPath, [...otherParams(ctx.query, ["start_time"]), ["start_time", String(page.endTime)]]);
  return json(200, {
    ticket_events: page.records.map((a) => ticketEvent(a, withComments)),
    next_page: nextPage,
    count: page.records.length,
    end_of_stream: page.endOfStream,
    end_time: page.endTime,
  });
};

export const ticketEventRoutes: Route[] = [
  { method: "GET", path: "/api/v2/incremental/ticket_events", handler: ticketEvents(), params: ["start_time", "per_page"], sideloads: ["comment_events"] },
  { method: "GET", path: "/api/v2/incremental/ticket_events/sample", handler: ticketEvents(50), params: ["start_time"], sideloads: ["comment_events"] },
];
