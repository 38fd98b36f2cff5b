/**
 * Account configuration endpoints: business rules, fields, forms, memberships, schedules,
 * SLA policies, custom roles and skills-based routing. Pagination per ZENDESK-API.md §3.4:
 * - CBP + OBP lists: automations, macros, triggers, group/organization memberships, user/organization fields;
 * - ticket_fields: CBP (by id) or, without `page[size]`, every field by position (no OBP);
 * - whole list in an offset-style envelope (paging params ignored): custom_roles, slas/policies,
 *   business_hours/schedules, ticket_forms, routing/attributes; routing definitions are one object.
 * Plan-gated endpoints answer 403 below their plan (../../pipeline/plan-gates.ts).
 */
import type { ConfigResource } from "../../account/configuration/store.js";
import { NotFoundError } from "../../core/errors.js";
import type { JsonObject } from "../../core/types.js";
import { json } from "../../core/http.js";
import type { CursorOrder } from "../../pagination/cursor.js";
import { requireFeature, type GatedFeature } from "../../pipeline/plan-gates.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { configurationControlRoutes } from "../../control/configuration.js";
import { listResponse } from "../list.js";

type Order = CursorOrder<JsonObject>;
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const byIdOrder: Order = { label: "id", key: (r) => [num(r.id)], dirs: [1] };
const positionOrder: Order = { label: "position,id", key: (r) => [num(r.position), num(r.id)], dirs: [1, 1] };
const compareBy = (order: Order) => (a: JsonObject, b: JsonObject) => {
  const ka = order.key(a);
  const kb = order.key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] < kb[i] ? -1 : 1) * (order.dirs[i] ?? 1);
  return 0;
};

/** Macros: `sort_by` created_at / updated_at / position (default alphabetical, "title,id" like the recordings). */
function macroOrder(query: URLSearchParams): Order {
  const sortBy = query.get("sort_by");
  const dir: 1 | -1 = query.get("sort_order") === "desc" ? -1 : 1;
  if (sortBy === "created_at" || sortBy === "updated_at") {
    return { label: `${dir < 0 ? "-" : ""}${sortBy},id`, key: (r) => [String(r[sortBy]), num(r.id)], dirs: [dir, dir] };
  }
  if (sortBy === "position") return { ...positionOrder, dirs: [dir, dir] };
  return { label: "title,id", key: (r) => [String(r.title), num(r.id)], dirs: [dir, dir] };
}

const records = (ctx: RouteContext, resource: ConfigResource) => ctx.sim.account.config.list(resource);

/**
 * A CBP/OBP list endpoint. Business rules take `active=true|false`; their `/active` form is the
 * list with `active=true` (`activeOnly`).
 */
function paged(resource: ConfigResource, order: (q: URLSearchParams) => Order, modes: "both" | "cursor" = "both", activeOnly = false) {
  return (ctx: RouteContext): Response => {
    const o = order(ctx.query);
    const active = activeOnly ? "true" : ctx.query.get("active");
    const items = active === "true" || active === "false" ? records(ctx, resource).filter((r) => r.active === (active === "true")) : records(ctx, resource);
    return listResponse(ctx, items, { key: resource, endpoint: resource, cursorOrder: o, offsetOrder: compareBy(o), modes });
  };
}

/** An unpaginated endpoint: every record, in the offset envelope with `next_page: null`. */
function whole(resource: ConfigResource, key: string, order: Order, feature?: GatedFeature) {
  return (ctx: RouteContext): Response => {
    if (feature) requireFeature(ctx, feature);
    const items = records(ctx, resource).sort(compareBy(order));
    return json(200, { [key]: items, next_page: null, previous_page: null, count: items.length });
  };
}

function ticketFields(ctx: RouteContext): Response {
  if (ctx.query.has("page[size]") || ctx.query.has("page[after]") || ctx.query.has("page[before]")) {
    return paged("ticket_fields", () => byIdOrder, "cursor")(ctx);
  }
  return whole("ticket_fields", "ticket_fields", positionOrder)(ctx);
}

function definitions(ctx: RouteContext): Response {
  requireFeature(ctx, "skills_routing");
  return json(200, { definitions: ctx.sim.account.config.attributeDefinitions() });
}

/** `GET /<resource>/:id` → `{ <wrapper>: record }`. */
function show(resource: ConfigResource, wrapper: string, feature?: GatedFeature) {
  return (ctx: RouteContext): Response => {
    if (feature) requireFeature(ctx, feature);
    const r = ctx.sim.account.config.get(resource, ctx.params.id);
    if (!r) throw new NotFoundError(resource, ctx.params.id);
    return json(200, { [wrapper]: r });
  };
}

const get = (path: string, handler: Route["handler"], params?: readonly string[]): Route => ({ method: "GET", path: `/api/v2/${path}`, handler, ...(params && { params }) });
const RULE_PARAMS = [...LIST_PARAMS, "active", "sort_by", "sort_order"];
const triggerOrder = (): Order => ({ label: "position,position,title,id", key: (r) => [num(r.position), num(r.position), String(r.title), num(r.id)], dirs: [1, 1, 1, 1] });

/** (`/brands` is served with the Help Center data: handlers/help-center/brands.ts.) */
export const configurationRoutes: Route[] = [
  get("routing/attributes", whole("account_attributes", "attributes", { label: "name", key: (r) => [String(r.name)], dirs: [1] }, "skills_routing")),
  get("routing/attributes/definitions", definitions),
  get("routing/attributes/:id", show("account_attributes", "attribute", "skills_routing")),
  get("automations", paged("automations", () => positionOrder), RULE_PARAMS),
  get("automations/active", paged("automations", () => positionOrder, "both", true), RULE_PARAMS),
  get("automations/:id", show("automations", "automation")),
  get("custom_roles", whole("custom_roles", "custom_roles", byIdOrder, "custom_roles")),
  get("custom_roles/:id", show("custom_roles", "custom_role", "custom_roles")),
  get("group_memberships", paged("group_memberships", () => byIdOrder)),
  get("group_memberships/:id", show("group_memberships", "group_membership")),
  get("macros", paged("macros", macroOrder), RULE_PARAMS),
  get("macros/active", paged("macros", macroOrder, "both", true), RULE_PARAMS),
  get("macros/:id", show("macros", "macro")),
  get("organization_fields", paged("organization_fields", () => positionOrder)),
  get("organization_fields/:id", show("organization_fields", "organization_field")),
  get("organization_memberships", paged("organization_memberships", () => byIdOrder)),
  get("organization_memberships/:id", show("organization_memberships", "organization_membership")),
  get("business_hours/schedules", whole("schedules", "schedules", byIdOrder, "business_hours")),
  get("business_hours/schedules/:id", show("schedules", "schedule", "business_hours")),
  get("slas/policies", whole("sla_policies", "sla_policies", positionOrder, "sla_policies")),
  get("slas/policies/:id", show("sla_policies", "sla_policy", "sla_policies")),
  get("ticket_fields", ticketFields),
  get("ticket_fields/:id", show("ticket_fields", "ticket_field")),
  get("ticket_forms", whole("ticket_forms", "ticket_forms", positionOrder, "ticket_forms")),
  get("ticket_forms/:id", show("ticket_forms", "ticket_form", "ticket_forms")),
  get("triggers", paged("triggers", triggerOrder), RULE_PARAMS),
  get("triggers/active", paged("triggers", triggerOrder, "both", true), RULE_PARAMS),
  get("triggers/:id", show("triggers", "trigger")),
  get("user_fields", paged("user_fields", () => positionOrder)),
  get("user_fields/:id", show("user_fields", "user_field")),
  ...configurationControlRoutes,
];
