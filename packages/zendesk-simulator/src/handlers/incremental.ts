/**
 * Incremental exports: cursor-based tickets/users and time-based
 * tickets/users/organizations (ZENDESK-API.md §4).
 */
import { baseJsonWriter } from "../data/base-json.js";
import type { Collection } from "../data/collection.js";
import { statusCode } from "../data/derived-indexes.js";
import { LazyMap } from "../data/lazy-map.js";
import { ticketMetric } from "../data/ticket-metrics.js";
import type { JsonObject } from "../data/users.js";
import { buildUrl, HttpError, jsonPageOf, otherParams, writeRecordJson } from "../http-util.js";
import { cursorExportIds, decodeExportCursor, encodeExportCursor } from "../pagination/export-cursor.js";
import { timeExportIds } from "../pagination/export-time.js";
import type { Route, RouteContext } from "../simulator.js";
import { exportPerPage, includes, startTimeParam, truthy } from "./common.js";

type Resource = "tickets" | "users" | "organizations";

function collection(ctx: RouteContext, r: Resource): Collection {
  return ctx.sim.account[r];
}

const DELETED = statusCode("deleted");

/** `exclude_deleted` on ticket ids: base tickets by their start-up facts, edited and new ones by their record. */
function filterFor(ctx: RouteContext, r: Resource): ((id: number) => boolean) | undefined {
  if (r !== "tickets" || !truthy(ctx.query.get("exclude_deleted"))) return undefined;
  const account = ctx.sim.account;
  const byId = account.tickets.byId;
  return (id) => {
    const i = byId instanceof LazyMap ? byId.baseIndexOf(id) : -1;
    return i >= 0 ? account.baseTicketFacts.status[i] !== DELETED : account.tickets.get(id)!.status !== "deleted";
  };
}

/** Sideloads for export pages: users may `include=identities`, tickets `include=metric_sets`. */
function sideloads(ctx: RouteContext, r: Resource, ids: number[]): Record<string, unknown> {
  const inc = includes(ctx);
  const out: Record<string, unknown> = {};
  if (r === "users" && inc.has("identities")) out.identities = ctx.sim.account.identitiesOf(ids);
  if (r === "tickets" && inc.has("metric_sets")) {
    const tickets = ctx.sim.account.tickets;
    out.metric_sets = ids
      .map((id) => tickets.get(id)!)
      .filter((t) => t.status !== "deleted")
      .map((t) => ticketMetric(ctx.sim.account, t));
  }
  return out;
}

/**
 * An export page body: base tickets and users are generated straight into the page's bytes
 * (../data/base-json.ts), every other record is serialized from its object.
 */
function exportPage(ctx: RouteContext, r: Resource, ids: number[], rest: Record<string, unknown>): Response {
  const col = collection(ctx, r);
  const base = r === "organizations" ? null : baseJsonWriter(ctx.sim.account, r);
  return jsonPageOf(200, r, ids.length, (w, i) => {
    const id = ids[i];
    if (base === null || !base(id, w)) writeRecordJson(w, col.get(id));
  }, rest);
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
    const page = cursorExportIds(collection(ctx, r), {
      startTime,
      after,
      perPage,
      horizon: ctx.sim.horizon(),
      filter: filterFor(ctx, r),
    });
    const afterCursor = encodeExportCursor(page.position);
    const afterUrl = buildUrl(ctx.origin, ctx.rawPath, [["cursor", afterCursor], ...otherParams(ctx.query, ["cursor", "start_time"])]);
    return exportPage(ctx, r, page.ids, {
      ...sideloads(ctx, r, page.ids),
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
    const page = timeExportIds(collection(ctx, r), {
      startTime,
      perPage,
      horizon: ctx.sim.horizon(),
      maxPage: ctx.sim.options.timeExportMaxPage,
      filter: filterFor(ctx, r),
    });
    const rest = otherParams(ctx.query, ["start_time"]);
    // real next_page URLs put per_page first, then start_time
    const nextPage = buildUrl(ctx.origin, ctx.rawPath, [...rest, ["start_time", String(page.endTime)]]);
    return exportPage(ctx, r, page.ids, {
      ...sideloads(ctx, r, page.ids),
      next_page: nextPage,
      count: page.ids.length,
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
