/**
 * Endpoints of the account data most connectors leave behind (../data/account-extensions.ts), with
 * the envelopes and pagination of zendesk-support-oas.yaml:
 * - `/custom_statuses`: every status, no pagination (offset-style envelope, ZENDESK-API.md §3.4);
 * - `/suspended_tickets`: cursor pagination only; 403 without the manage-suspended-tickets permission;
 * - `/deleted_users`, `/dynamic_content/items`, `/recipient_addresses`, `/custom_objects/{key}/fields`:
 *   cursor pagination with `page[size]`, offset pagination otherwise;
 * - `/custom_objects`: every undeleted object, one response;
 * - `/incremental/custom_objects/{key}/cursor`: cursor-based export (`start_time`, then `cursor`),
 *   `meta.has_more`, "[DELETED]" records unless `filter[exclude_deleted]=true`;
 * - `/incremental/routing/{attributes,attribute_values,instance_values}`: `start_time`, then
 *   `next_page` (a cursor URL) until a page with `count: 0`, at most 3000 events per page.
 * Both export families count against the incremental-export rate class (their path says so).
 * Plan gates: custom objects (Suite Team and above), dynamic content (Professional and above),
 * skills-based routing (Enterprise).
 */
import { baseUserCodes } from "./lists.js";
import { NotFoundError } from "../../core/errors.js";
import { perAccountRevision } from "../../account/facts.js";
import { idEntries } from "../../store/sorted-entries.js";
import { deletedUserRecord, EDITABLE_LISTS, extensionsFor, type EditableList } from "../../account/account-extensions.js";
import type { RoutingLog } from "../../account/routing-exports.js";
import { supportAccess, NO_ACCESS_BODY } from "../../account/support-access.js";
import { userId } from "../../account/users.js";
import type { JsonObject } from "../../core/types.js";
import { base64, buildUrl, HttpError, intParam, json, otherParams } from "../../core/http.js";
import { requireFeature } from "../../pipeline/plan-gates.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { exportPerPage, startTimeParam, truthy } from "../exports/params.js";
import { byId, byIdSources, listResponse } from "../list.js";

const idOrder = { label: "id", key: (r: JsonObject) => [r.id as number], dirs: [1] as (1 | -1)[] };
/** A GET route; `params`: the query parameters it reads (default: the list pagination ones). */
const get = (path: string, handler: Route["handler"], params?: readonly string[]): Route => ({ method: "GET", path: `/api/v2/${path}`, handler, ...(params && { params }) });
const ext = (ctx: RouteContext) => extensionsFor(ctx.sim);

/** A small CBP + OBP list by id. */
function pagedList(name: EditableList, key: string, before?: (ctx: RouteContext) => void) {
  return (ctx: RouteContext): Response => {
    before?.(ctx);
    return listResponse(ctx, ext(ctx).list(name), { key, endpoint: key, offsetOrder: byId, cursorOrder: idOrder });
  };
}

function show(name: EditableList, wrapper: string, before?: (ctx: RouteContext) => void) {
  return (ctx: RouteContext): Response => {
    before?.(ctx);
    const r = ext(ctx).get(name, Number(ctx.params.id));
    if (!r) throw new NotFoundError(name, ctx.params.id);
    return json(200, { [wrapper]: r });
  };
}

function customStatuses(ctx: RouteContext): Response {
  const q = ctx.query;
  const categories = (q.get("status_categories") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const items = ext(ctx)
    .list("custom_statuses")
    .filter((s) => !categories.length || categories.includes(s.status_category as string))
    .filter((s) => !q.has("active") || s.active === truthy(q.get("active")))
    .filter((s) => !q.has("default") || s.default === truthy(q.get("default")))
    .sort(byId);
  return json(200, { custom_statuses: items, next_page: null, previous_page: null, count: items.length });
}

function requireSuspendedAccess(ctx: RouteContext): void {
  if (supportAccess(ctx.sim).denied.has("manage_suspended_tickets")) throw new HttpError(403, NO_ACCESS_BODY);
}

/** Cursor pagination only; `sort_by` created_at (default id order, which is arrival order) and `sort_order`. */
function suspendedTickets(ctx: RouteContext): Response {
  requireSuspendedAccess(ctx);
  const dir: 1 | -1 = ctx.query.get("sort_order") === "desc" ? -1 : 1;
  const order =
    ctx.query.get("sort_by") === "created_at"
      ? { label: "created_at,id", key: (r: JsonObject) => [String(r.created_at), r.id as number], dirs: [dir, dir] as (1 | -1)[] }
      : { ...idOrder, dirs: [dir] as (1 | -1)[] };
  return listResponse(ctx, ext(ctx).list("suspended_tickets"), { key: "suspended_tickets", endpoint: "suspended_tickets", cursorOrder: order, modes: "cursor" });
}

/** Deleted users by id: base users by their start-up codes (0 = inactive), edited and new ones by their record. */
function deletedUsers(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  const s = account.shape;
  const codes = baseUserCodes(account);
  const edited = perAccountRevision(account, "list:edited-users", () => new Set(account.editedUserIds()));
  const entries = idEntries(account.users.byId.size, (p) => userId(s, p));
  const include = (p: number) => {
    const id = userId(s, p);
    return p >= codes.length || edited.has(id) ? account.users.get(id)!.active === false : codes[p] === 0;
  };
  const count = () =>
    perAccountRevision(account, "list:deleted-users-count", () => {
      let c = 0;
      for (let p = 0; p < entries.size; p++) if (include(p)) c++;
      return c;
    });
  const items = byIdSources(ctx, entries, include, (p) => deletedUserRecord(account.users.get(userId(s, p))!), count);
  return listResponse(ctx, items, { key: "deleted_users", endpoint: "deleted_users", offsetOrder: byId, cursorOrder: idOrder });
}

const dynamicContentGate = (ctx: RouteContext) => requireFeature(ctx, "dynamic_content");
const customObjectsGate = (ctx: RouteContext) => requireFeature(ctx, "custom_objects");

function customObjectKey(ctx: RouteContext): string {
  customObjectsGate(ctx);
  const key = ctx.params.key;
  if (!ext(ctx).customObjects.object(key)) throw new HttpError(404, { errors: [{ code: "NotFound", status: "404", title: "Not Found", detail: `Custom object ${key} not found` }] });
  return key;
}

function customObjectFields(ctx: RouteContext): Response {
  const key = customObjectKey(ctx);
  const standard = ctx.query.get("include_standard_fields") !== "false";
  const items = ext(ctx).customObjects.fieldsOf(key).filter((f) => standard || !String(f.key).startsWith("standard::"));
  return listResponse(ctx, items, { key: "custom_object_fields", endpoint: "custom_object_fields", offsetOrder: byId, cursorOrder: idOrder });
}

/** One field of an object, by id or key. */
function customObjectField(ctx: RouteContext): Response {
  const key = customObjectKey(ctx);
  const id = ctx.params.id;
  const field = ext(ctx).customObjects.fieldsOf(key).find((f) => String(f.id) === id || f.key === id);
  if (!field) throw new NotFoundError("custom_object_fields", id);
  return json(200, { custom_object_field: field });
}

/** One record of an object; a deleted record is gone (404), as on Zendesk. */
function customObjectRecord(ctx: RouteContext): Response {
  const key = customObjectKey(ctx);
  const found = ext(ctx).customObjects.recordsOf(key).find((r) => r.record.id === ctx.params.id);
  if (!found || found.deleted) throw new NotFoundError("custom_object_records", ctx.params.id);
  return json(200, { custom_object_record: found.record });
}

/** One deleted user (`active: false`), in the `/deleted_users` form. */
function deletedUser(ctx: RouteContext): Response {
  const u = ctx.sim.account.users.get(Number(ctx.params.id));
  if (!u || u.active !== false) throw new NotFoundError("deleted_users", ctx.params.id);
  return json(200, { deleted_user: deletedUserRecord(u) });
}

// ---- the custom object record export ------------------------------------------------------------

const recordCursor = {
  encode: (ts: number, id: string) => base64.encode(`${ts}.0||${id}|`),
  decode(cursor: string): { ts: number; id: string } | null {
    try {
      const m = /^(\d+)(?:\.\d+)?\|\|([0-9A-Za-z]*)\|$/.exec(base64.decode(cursor));
      return m ? { ts: Number(m[1]), id: m[2] } : null;
    } catch {
      return null;
    }
  },
};

const exportError = (code: string, title: string) => new HttpError(400, { errors: [{ code, status: "400", title }] });

function customObjectRecordExport(ctx: RouteContext): Response {
  const key = customObjectKey(ctx);
  const perPage = exportPerPage(ctx);
  const excludeDeleted = truthy(ctx.query.get("filter[exclude_deleted]"));
  const horizon = ctx.sim.horizon();
  const rawCursor = ctx.query.get("cursor");
  let after: { ts: number; id: string } | undefined;
  let start = 0;
  if (rawCursor) {
    after = recordCursor.decode(rawCursor) ?? undefined;
    if (!after) throw exportError("InvalidCursor", "cursor is invalid or expired");
  } else {
    const raw = ctx.query.get("start_time");
    const n = intParam(ctx.query, "start_time");
    if (raw == null || raw === "" || n == null || Number.isNaN(n) || n < 0) throw exportError("InvalidStartTime", "start_time or cursor is required");
    if (n > horizon) throw exportError("StartTimeTooRecent", "start_time must be more than 60 seconds ago");
    start = n;
  }
  const page: JsonObject[] = [];
  let last = after ?? { ts: start, id: "" };
  let hasMore = false;
  const store = ext(ctx).customObjects;
  const records = store.recordsOf(key);
  for (let i = after ? store.seek(key, after.ts, after.id) : store.seek(key, start); i < records.length; i++) {
    const r = records[i];
    if (r.updated >= horizon) break;
    if (excludeDeleted && r.deleted) continue;
    if (page.length === perPage) {
      hasMore = true;
      break;
    }
    page.push(r.record);
    last = { ts: r.updated, id: String(r.record.id) };
  }
  const afterCursor = recordCursor.encode(last.ts, last.id);
  const beforeCursor = after ? recordCursor.encode(after.ts, after.id) : null;
  const rest = otherParams(ctx.query, ["cursor", "start_time"]);
  const url = (c: string) => buildUrl(ctx.origin, ctx.rawPath, [["cursor", c], ...rest]);
  return json(200, {
    custom_object_records: page,
    after_cursor: afterCursor,
    after_url: url(afterCursor),
    before_cursor: beforeCursor,
    before_url: beforeCursor ? url(beforeCursor) : null,
    filter: { exclude_deleted: excludeDeleted },
    meta: { has_more: hasMore },
  });
}

// ---- the skills-based routing exports ----------------------------------------------------------

const ROUTING_PAGE = 3000;

function routingExport(log: RoutingLog) {
  return (ctx: RouteContext): Response => {
    requireFeature(ctx, "skills_routing");
    const horizon = ctx.sim.horizon();
    const events = ext(ctx).routing.events(log);
    const raw = ctx.query.get("cursor");
    let from: { at: number; seq: number };
    if (raw) {
      const m = /^(\d+):(\d+)$/.exec(safeDecode(raw) ?? "");
      if (!m) throw new HttpError(400, { error: "InvalidValue", description: "Invalid cursor" });
      from = { at: Number(m[1]), seq: Number(m[2]) };
    } else {
      from = { at: startTimeParam(ctx), seq: -1 };
    }
    const page: JsonObject[] = [];
    let position = from;
    for (const e of events) {
      if (e.at < from.at || (e.at === from.at && e.seq <= from.seq)) continue;
      if (e.at >= horizon || page.length === ROUTING_PAGE) break;
      page.push(e.record);
      position = { at: e.at, seq: e.seq };
    }
    const cursor = base64.encode(`${position.at}:${position.seq}`);
    const endTime = page.length ? position.at : from.at;
    return json(200, { [log]: page, count: page.length, end_time: endTime, next_page: buildUrl(ctx.origin, ctx.rawPath, [["cursor", cursor]]) });
  };
}

function safeDecode(s: string): string | null {
  try {
    return base64.decode(s);
  } catch {
    return null;
  }
}

export const accountExtensionRoutes: Route[] = [
  get("custom_statuses", customStatuses, ["status_categories", "active", "default"]),
  get("custom_statuses/:id", show("custom_statuses", "custom_status")),
  get("suspended_tickets", suspendedTickets, [...LIST_PARAMS, "sort_by", "sort_order"]),
  get("suspended_tickets/:id", show("suspended_tickets", "suspended_ticket", requireSuspendedAccess)),
  get("deleted_users", deletedUsers),
  get("deleted_users/:id", deletedUser, []),
  get("dynamic_content/items", pagedList("dynamic_content_items", "items", dynamicContentGate)),
  get("dynamic_content/items/:id", show("dynamic_content_items", "item", dynamicContentGate)),
  get("recipient_addresses", pagedList("support_addresses", "recipient_addresses")),
  get("recipient_addresses/:id", show("support_addresses", "recipient_address")),
  get("custom_objects", (ctx) => {
    customObjectsGate(ctx);
    return json(200, { custom_objects: ext(ctx).customObjects.listObjects() });
  }),
  get("custom_objects/:key", (ctx) => json(200, { custom_object: ext(ctx).customObjects.object(customObjectKey(ctx)) })),
  get("custom_objects/:key/fields", customObjectFields, [...LIST_PARAMS, "include_standard_fields"]),
  get("custom_objects/:key/fields/:id", customObjectField, []),
  get("custom_objects/:key/records/:id", customObjectRecord, []),
  get("incremental/custom_objects/:key/cursor", customObjectRecordExport, ["cursor", "start_time", "per_page", "filter[exclude_deleted]"]),
  get("incremental/routing/attributes", routingExport("attributes"), ["cursor", "start_time"]),
  get("incremental/routing/attribute_values", routingExport("attribute_values"), ["cursor", "start_time"]),
  get("incremental/routing/instance_values", routingExport("instance_values"), ["cursor", "start_time"]),
];

// ---- control routes (no auth, not rate limited, not logged) ----------------------------------

async function bodyOf(ctx: RouteContext): Promise<JsonObject> {
  const raw = await ctx.request.text();
  const v = raw.trim() ? (JSON.parse(raw) as unknown) : {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new HttpError(400, { error: "InvalidJSON", description: "expected a JSON object" });
  return v as JsonObject;
}

function listOf(ctx: RouteContext): EditableList {
  const name = ctx.params.list;
  if (!(EDITABLE_LISTS as readonly string[]).includes(name)) {
    throw new HttpError(404, { error: "InvalidEndpoint", description: `cannot edit ${name}; use one of ${EDITABLE_LISTS.join(", ")}` });
  }
  return name as EditableList;
}

/** RangeErrors of the stores (unknown id, forbidden edit) become 404s with the reason. */
function guarded(fn: (ctx: RouteContext) => Promise<Response> | Response) {
  return async (ctx: RouteContext) => {
    try {
      return await fn(ctx);
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(404, { error: "RecordNotFound", description: e.message });
      throw e;
    }
  };
}

const control = (method: Route["method"], path: string, handler: Route["handler"]): Route => ({ method, path, handler: guarded(handler), control: true, auth: false });

/**
 *   POST/PATCH/DELETE /__sim/extensions/:list[/:id]          custom_statuses, suspended_tickets, dynamic_content_items, support_addresses
 *   POST/PATCH/DELETE /__sim/custom_objects/:key/records[/:id]
 *   POST /__sim/routing/attribute_values {attribute_id, name}; PATCH/DELETE /__sim/routing/attribute_values/:id
 *   POST /__sim/routing/instance_values {attribute_value_id, kind: "agent"|"ticket", instance_id}; DELETE …/:id (unassociate)
 */
export const accountExtensionControlRoutes: Route[] = [
  control("POST", "/__sim/extensions/:list", async (ctx) => json(201, { record: ext(ctx).create(listOf(ctx), await bodyOf(ctx)) })),
  control("PATCH", "/__sim/extensions/:list/:id", async (ctx) => json(200, { record: ext(ctx).update(listOf(ctx), Number(ctx.params.id), await bodyOf(ctx)) })),
  control("DELETE", "/__sim/extensions/:list/:id", (ctx) => {
    ext(ctx).delete(listOf(ctx), Number(ctx.params.id));
    return json(200, {});
  }),
  control("POST", "/__sim/custom_objects/:key/records", async (ctx) => json(201, { record: ext(ctx).customObjects.createRecord(ctx.params.key, await bodyOf(ctx)) })),
  control("PATCH", "/__sim/custom_objects/:key/records/:id", async (ctx) => json(200, { record: ext(ctx).customObjects.updateRecord(ctx.params.key, ctx.params.id, await bodyOf(ctx)) })),
  control("DELETE", "/__sim/custom_objects/:key/records/:id", (ctx) => json(200, { record: ext(ctx).customObjects.deleteRecord(ctx.params.key, ctx.params.id) })),
  control("POST", "/__sim/routing/attribute_values", async (ctx) => {
    const b = await bodyOf(ctx);
    return json(201, { event: ext(ctx).routing.createValue(String(b.attribute_id), String(b.name)) });
  }),
  control("PATCH", "/__sim/routing/attribute_values/:id", async (ctx) => json(200, { event: ext(ctx).routing.updateValue(ctx.params.id, String((await bodyOf(ctx)).name)) })),
  control("DELETE", "/__sim/routing/attribute_values/:id", (ctx) => json(200, { event: ext(ctx).routing.deleteValue(ctx.params.id) })),
  control("POST", "/__sim/routing/instance_values", async (ctx) => {
    const b = await bodyOf(ctx);
    const kind = b.kind === "ticket" ? "ticket" : "agent";
    return json(201, { event: ext(ctx).routing.associate(String(b.attribute_value_id), kind, Number(b.instance_id)) });
  }),
  control("DELETE", "/__sim/routing/instance_values/:id", (ctx) => json(200, { event: ext(ctx).routing.unassociate(ctx.params.id) })),
];
