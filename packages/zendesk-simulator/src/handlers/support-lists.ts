/**
 * Plain Support list endpoints (not read by the connector's streams, but
 * recorded and handy for `check`-style calls): `/tickets`, `/users`,
 * `/organizations`, `/users/{id}/identities`. CBP with `page[size]`, offset
 * otherwise. Shapes as recorded: list tickets carry no `generated_timestamp`,
 * and cursor pages of tickets also drop `fields`; listed organizations have no
 * `deleted_at`; deleted tickets, users and organizations are not listed.
 * `/tickets` has its own budget (`zendesk-ratelimit-tickets-index`, 100/min).
 */
import { NotFoundError } from "../data/account.js";
import type { JsonObject } from "../data/users.js";
import { wantsCursor } from "../pagination/cursor.js";
import type { Route, RouteContext } from "../simulator.js";
import { byId, listResponse } from "./list.js";

const idOrder = (label: string) => ({ label, key: (r: JsonObject) => [r.id as number], dirs: [1] as (1 | -1)[] });

function tickets(ctx: RouteContext): Response {
  const cursor = wantsCursor(ctx.query);
  const items = [...ctx.sim.account.tickets.byId.values()]
    .filter((t) => t.status !== "deleted")
    .map((t) => {
      const { generated_timestamp: _g, ...rest } = t;
      if (cursor) delete (rest as JsonObject).fields;
      return rest as JsonObject;
    });
  return listResponse(ctx, items, { key: "tickets", endpoint: "tickets", offsetOrder: byId, cursorOrder: idOrder("nice_id") });
}

function users(ctx: RouteContext): Response {
  const roles = [...ctx.query.getAll("role"), ...ctx.query.getAll("role[]")];
  const items = [...ctx.sim.account.users.byId.values()].filter((u) => u.active !== false && (!roles.length || roles.includes(u.role as string)));
  return listResponse(ctx, items, { key: "users", endpoint: "users", offsetOrder: byId, cursorOrder: idOrder("id") });
}

function organizations(ctx: RouteContext): Response {
  const items = [...ctx.sim.account.organizations.byId.values()]
    .filter((o) => o.deleted_at == null)
    .map((o) => {
      const { deleted_at: _d, ...rest } = o;
      return rest as JsonObject;
    });
  return listResponse(ctx, items, { key: "organizations", endpoint: "organizations", offsetOrder: byId, cursorOrder: idOrder("id") });
}

function identities(ctx: RouteContext): Response {
  const id = Number(ctx.params.id);
  if (!ctx.sim.account.users.get(id)) throw new NotFoundError("users", ctx.params.id);
  const type = ctx.query.get("type");
  const items = ctx.sim.account.identitiesOf([id]).filter((i) => !type || i.type === type);
  return listResponse(ctx, items, { key: "identities", endpoint: "identities", offsetOrder: byId, cursorOrder: idOrder("id") });
}

export const supportListRoutes: Route[] = [
  { method: "GET", path: "/api/v2/tickets", handler: tickets, rateClasses: ["account", "tickets_index"] },
  { method: "GET", path: "/api/v2/users", handler: users },
  { method: "GET", path: "/api/v2/organizations", handler: organizations },
  { method: "GET", path: "/api/v2/users/:id/identities", handler: identities },
];
