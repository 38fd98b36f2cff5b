/**
 * Count endpoints: `/api/v2/tickets/count`, `/users/count`, `/organizations/count` answer
 * `{"count": {"value": N, "refreshed_at": ISO}}` **[doc]** (Zendesk caches them and may answer an
 * approximate value for large accounts; the simulator's is exact and fresh). Tickets count the
 * tickets that are not deleted. Listed before `/:id` routes, which would otherwise match `count`.
 */
import { json } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { toIso } from "../../util/clock.js";

function counted(ctx: RouteContext, value: number): Response {
  return json(200, { count: { value, refreshed_at: toIso(ctx.sim.clock.nowSeconds()) } });
}

function deletedTickets(ctx: RouteContext): number {
  let n = 0;
  for (const meta of ctx.sim.account.ticketMeta.values()) if (meta.deletedAt != null) n++;
  return n;
}

export const countRoutes: Route[] = [
  { method: "GET", path: "/api/v2/tickets/count", handler: (ctx) => counted(ctx, ctx.sim.account.tickets.size - deletedTickets(ctx)), params: [] },
  { method: "GET", path: "/api/v2/users/count", handler: (ctx) => counted(ctx, ctx.sim.account.users.size), params: [] },
  { method: "GET", path: "/api/v2/organizations/count", handler: (ctx) => counted(ctx, ctx.sim.account.organizations.size), params: [] },
];
