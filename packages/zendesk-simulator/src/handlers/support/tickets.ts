/**
 * One ticket and its own lists: `/tickets/{id}` (with sideloads), `/tickets/{id}/audits` (and one
 * audit), `/tickets/{id}/comments` (the comments of its audits, as recorded in
 * `recorded/ticket-comments-cursor.json`). CBP with `page[size]`, offset otherwise; oldest first
 * (`sort_order=desc` reverses comments). A deleted or unknown ticket answers 404 RecordNotFound.
 */
import { NotFoundError } from "../../core/errors.js";
import { historyOf } from "../../account/ticket-history.js";
import type { JsonObject } from "../../core/types.js";
import { json } from "../../core/http.js";
import type { CursorOrder } from "../../pagination/cursor.js";
import { fromIso } from "../../util/clock.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { byId, listResponse } from "../list.js";
import { TICKET_SIDELOADS, ticketSideloads, type Sideloaded } from "../sideloads.js";

/** The ticket of `:id` as the show and list endpoints serve it (no `generated_timestamp`), or 404. */
export function liveTicket(ctx: RouteContext, raw: string): JsonObject {
  const t = ctx.sim.account.tickets.get(Number(raw));
  if (!t || t.status === "deleted") throw new NotFoundError("tickets", raw);
  return t;
}

export function listedTicket(t: JsonObject): JsonObject {
  const { generated_timestamp: _g, ...rest } = t;
  return rest;
}

function show(ctx: RouteContext): Response {
  const ticket = listedTicket(liveTicket(ctx, ctx.params.id));
  const side = ticketSideloads(ctx, [ticket]);
  return json(200, { ticket: side.decorate ? side.decorate(ticket) : ticket, ...side.arrays });
}

const createdOrder = (dir: 1 | -1): CursorOrder<JsonObject> => ({
  label: dir === 1 ? "created_at,id" : "-created_at,id",
  key: (r) => [fromIso(r.created_at as string), r.id as number],
  dirs: [dir, dir],
});

function audits(ctx: RouteContext): Response {
  const ticket = liveTicket(ctx, ctx.params.id);
  const items = historyOf(ctx.sim.account).auditsOf(ticket.id as number);
  return listResponse(ctx, items, { key: "audits", endpoint: `tickets/${ticket.id}/audits`, offsetOrder: byId, cursorOrder: createdOrder(1) });
}

function audit(ctx: RouteContext): Response {
  const ticket = liveTicket(ctx, ctx.params.id);
  const found = historyOf(ctx.sim.account).auditsOf(ticket.id as number).find((a) => a.id === Number(ctx.params.audit_id));
  if (!found) throw new NotFoundError("audits", ctx.params.audit_id);
  return json(200, { audit: found });
}

/** A comment as `/tickets/{id}/comments` lists it: the audit's comment event with the audit's via, time and metadata. */
function commentOf(audit: JsonObject, event: JsonObject): JsonObject {
  const { id, type, author_id, body, html_body, plain_body, public: isPublic, attachments, audit_id } = event;
  return { id, type, author_id, body, html_body, plain_body, public: isPublic, attachments, audit_id, via: audit.via, created_at: audit.created_at, metadata: audit.metadata };
}

function comments(ctx: RouteContext): Response {
  const ticket = liveTicket(ctx, ctx.params.id);
  const items: JsonObject[] = [];
  for (const a of historyOf(ctx.sim.account).auditsOf(ticket.id as number)) {
    for (const e of a.events as JsonObject[]) if (e.type === "Comment") items.push(commentOf(a, e));
  }
  const dir = ctx.query.get("sort_order") === "desc" ? -1 : 1;
  const order = createdOrder(dir);
  return listResponse(ctx, items, {
    key: "comments",
    endpoint: `tickets/${ticket.id}/comments`,
    offsetOrder: (x, y) => dir * (fromIso(x.created_at as string) - fromIso(y.created_at as string) || (x.id as number) - (y.id as number)),
    cursorOrder: order,
    // `include=users` (the only sideload the route accepts): the comments' authors
    sideload: (page): Sideloaded => ({ arrays: ctx.query.has("include") ? { users: authorsOf(ctx, page) } : {}, decorate: null }),
  });
}

function authorsOf(ctx: RouteContext, comments: JsonObject[]): JsonObject[] {
  const ids = [...new Set(comments.map((c) => c.author_id as number))];
  return ids.map((id) => ctx.sim.account.users.get(id)).filter((u): u is JsonObject => u !== undefined);
}

export const ticketRoutes: Route[] = [
  { method: "GET", path: "/api/v2/tickets/:id", handler: show, params: [], sideloads: TICKET_SIDELOADS },
  { method: "GET", path: "/api/v2/tickets/:id/audits", handler: audits },
  { method: "GET", path: "/api/v2/tickets/:id/audits/:audit_id", handler: audit, params: [] },
  { method: "GET", path: "/api/v2/tickets/:id/comments", handler: comments, params: [...LIST_PARAMS, "sort_order", "include_inline_images"], sideloads: ["users"] },
];
