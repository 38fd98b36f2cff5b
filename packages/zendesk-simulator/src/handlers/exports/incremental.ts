/**
 * Incremental exports: cursor-based tickets/users and time-based
 * tickets/users/organizations (ZENDESK-API.md §4).
 */
import { baseJsonWriter } from "../../account/base-json.js";
import type { Collection } from "../../store/collection.js";
import { statusCode } from "../../account/ticket-facts.js";
import { LazyMap } from "../../store/lazy-map.js";
import type { JsonObject } from "../../core/types.js";
import { buildUrl, HttpError, jsonPageOf, otherParams, writeRecordJson } from "../../core/http.js";
import { cursorExportIds, decodeExportCursor, encodeExportCursor } from "../../pagination/export-cursor.js";
import { timeExportIds } from "../../pagination/export-time.js";
import type { Route, RouteContext } from "../../core/route.js";
import { exportPerPage, startTimeParam, truthy } from "./params.js";
import { ticketSideloads, userSideloads, TICKET_EXPORT_SIDELOADS, USER_SIDELOADS, type Sideloaded } from "../sideloads.js";

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

/** Sideloads of an export page (tickets: TICKET_EXPORT_SIDELOADS, users: USER_SIDELOADS). */
function sideloadsOf(ctx: RouteContext, r: Resource, ids: number[]): Sideloaded | null {
  if (r === "organizations" || !ctx.query.has("include")) return null;
  const col = collection(ctx, r);
  const records = ids.map((id) => col.get(id)!);
  return r === "tickets" ? ticketSideloads(ctx, records) : userSideloads(ctx, records);
}

/**
 * An export page body: base tickets and users are generated straight into the page's bytes
 * (../../account/base-json.ts), every other record is serialized from its object (so are all records
 * when a per-record sideload such as `dates` adds a field).
 */
function exportPage(ctx: RouteContext, r: Resource, ids: number[], rest: Record<string, unknown>): Response {
  const col = collection(ctx, r);
  const side = sideloadsOf(ctx, r, ids);
  const decorate = side?.decorate ?? null;
  const base = r === "organizations" || decorate ? null : baseJsonWriter(ctx.sim.account, r);
  return jsonPageOf(200, r, ids.length, (w, i) => {
    const id = ids[i];
    if (base === null || !base(id, w)) writeRecordJson(w, decorate ? decorate(col.get(id)!) : col.get(id));
  }, { ...side?.arrays, ...rest });
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
      next_page: nextPage,
      count: page.ids.length,
      end_of_stream: page.endOfStream,
      end_time: page.endTime,
    });
  };
}

/**
 * `/incremental/{resource}/sample`: one time-export page of at most 50 records from `start_time`,
 * for testing a client (its own budget: 10 requests a minute [doc]).
 */
function sample(r: Resource) {
  return (ctx: RouteContext): Response => {
    const startTime = startTimeParam(ctx);
    const page = timeExportIds(collection(ctx, r), {
      startTime,
      perPage: SAMPLE_SIZE,
      horizon: ctx.sim.horizon(),
      maxPage: SAMPLE_SIZE,
      filter: filterFor(ctx, r),
    });
    const nextPage = buildUrl(ctx.origin, ctx.rawPath, [...otherParams(ctx.query, ["start_time"]), ["start_time", String(page.endTime)]]);
    return exportPage(ctx, r, page.ids, { next_page: nextPage, count: page.ids.length, end_of_stream: page.endOfStream, end_time: page.endTime });
  };
}

const SAMPLE_SIZE = 50;
const TICKETS = { params: ["start_time", "per_page", "exclude_deleted"], sideloads: TICKET_EXPORT_SIDELOADS };
const USERS = { params: ["start_time", "per_page"], sideloads: USER_SIDELOADS };
const ORGANIZATIONS = { params: ["start_time", "per_page"] };
const get = (path: string, handler: Route["handler"], accepts: Pick<Route, "params" | "sideloads">, extra: string[] = []): Route => ({
  method: "GET",
  path: `/api/v2/incremental/${path}`,
  handler,
  ...accepts,
  params: [...accepts.params!, ...extra],
});

export const incrementalRoutes: Route[] = [
  get("tickets/cursor", cursorExport("tickets"), TICKETS, ["cursor"]),
  get("users/cursor", cursorExport("users"), USERS, ["cursor"]),
  get("tickets/sample", sample("tickets"), TICKETS),
  get("users/sample", sample("users"), USERS),
  get("organizations/sample", sample("organizations"), ORGANIZATIONS),
  get("tickets", timeExport("tickets"), TICKETS),
  get("users", timeExport("users"), USERS),
  get("organizations", timeExport("organizations"), ORGANIZATIONS),
];
