/**
 * Incremental exports: cursor-based tickets/users and time-based
 * tickets/users/organizations (ZENDESK-API.md §4).
 */
import type { Collection } from "../data/collection.js";
import { ticketMetric } from "../data/ticket-metrics.js";
import type { JsonObject } from "../data/users.js";
import { buildUrl, HttpError, jsonPage, otherParams } from "../http-util.js";
import { cursorExportPage, decodeExportCursor, encodeExportCursor } from "../pagination/export-cursor.js";
import { timeExportPage } from "../pagination/export-time.js";
import type { Route, RouteContext } from "../simulator.js";
import { exportPerPage, includes, startTimeParam, truthy } from "./common.js";

type Resource = "tickets" | "users" | "organizations";

function collection(ctx: RouteContext, r: Resource): Collection {
  return ctx.sim.account[r];
}

function filterFor(ctx: RouteContext, r: Resource): ((rec: JsonObject) => boolean) | undefined {
  if (r === "tickets" && truthy(ctx.query.get("exclude_deleted"))) return (t) => t.status !== "deleted";
  return undefined;
}

/** Sideloads for export pages: users may `include=identities`. */
function sideloads(ctx: RouteContext, r: Resource, records: JsonObject[]): Record<string, unknown> {
  const inc = includes(ctx);
  const out: Record<string, unknown> = {};
  if (r === "users" && inc.has("identities")) out.identities = ctx.sim.account.identitiesOf(records.map((u) => u.id as number));
  if (r === "tickets" && inc.has("metric_sets")) out.metric_sets = records.filter((t) => t.status !== "deleted").map((t) => ticketMetric(ctx.sim.account, t));
  return out;
}

function cursorExport(r: Resource) {
  return (ctx: RouteContext): Response => {
    const cursorRaw = ctx.query.get("cursor");
    const perPage = exportPerPage(ctx);
    let after: { ts: number; id: number } | undefined;
    let startTime: number | undefined;
    if (cursorRaw != null) {
      const c = decodeExportCursor(cursorRaw);
      if (!c) throw new HttpError(400, { error: "InvalidCursor", description: "The cursor is invalid" });
      after = c;
    } else {
      startTime = startTimeParam(ctx);
    }
    const page = cursorExportPage(collection(ctx, r), {
      startTime,
      after,
      perPage,
      horizon: ctx.sim.horizon(),
      filter: filterFor(ctx, r),
    });
    const afterCursor = encodeExportCursor(page.position);
    const afterUrl = buildUrl(ctx.origin, ctx.rawPath, [["cursor", afterCursor], ...otherParams(ctx.query, ["cursor", "start_time"])]);
    return jsonPage(200, r, page.records, {
      ...sideloads(ctx, r, page.records),
      after_url: afterUrl,
      before_url: null,
      after_cursor: afterCursor,
      before_cursor: null,
      end_of_stream: page.endOfStream,
    });
  };
}

function timeExport(r: Resource) {
  return (ctx: RouteContext): Response => {
    const startTime = startTimeParam(ctx);
    const perPage = exportPerPage(ctx);
    const page = timeExportPage(collection(ctx, r), {
      startTime,
      perPage,
      horizon: ctx.sim.horizon(),
      maxPage: ctx.sim.options.timeExportMaxPage,
      filter: filterFor(ctx, r),
    });
    const rest = otherParams(ctx.query, ["start_time"]);
    // real next_page URLs put per_page first, then start_time
    const nextPage = buildUrl(ctx.origin, ctx.rawPath, [...rest, ["start_time", String(page.endTime)]]);
    return jsonPage(200, r, page.records, {
      ...sideloads(ctx, r, page.records),
      next_page: nextPage,
      count: page.records.length,
      end_of_stream: page.endOfStream,
      end_time: page.endTime,
    });
  };
}

export const incrementalRoutes: Route[] = [
  { method: "GET", path: "/api/v2/incremental/tickets/cursor", handler: cursorExport("tickets") },
  { method: "GET", path: "/api/v2/incremental/users/cursor", handler: cursorExport("users") },
  { method: "GET", path: "/api/v2/incremental/tickets", handler: timeExport("tickets") },
  { method: "GET", path: "/api/v2/incremental/users", handler: timeExport("users") },
  { method: "GET", path: "/api/v2/incremental/organizations", handler: timeExport("organizations") },
];
