/** `/api/v2/users/me` (the authenticated user) and single-record lookups of tickets, users, organizations. */
import { NotFoundError } from "../data/account.js";
import { json } from "../http-util.js";
import type { Route, RouteContext } from "../simulator.js";

function me(ctx: RouteContext): Response {
  const account = ctx.sim.account;
  let user = account.owner();
  if (ctx.auth?.kind === "basic") {
    const email = ctx.auth.email.toLowerCase();
    for (const u of account.users.byId.values()) {
      if (typeof u.email === "string" && u.email.toLowerCase() === email) {
        user = u;
        break;
      }
    }
  }
  return json(200, { user: { ...user, authenticity_token: "REDACTED" } });
}

function one(kind: "users" | "organizations" | "tickets", key: string) {
  return (ctx: RouteContext): Response => {
    const rec = ctx.sim.account[kind].get(Number(ctx.params.id));
    if (!rec || (kind === "tickets" && rec.status === "deleted")) throw new NotFoundError(kind, ctx.params.id);
    if (kind === "tickets") {
      const { generated_timestamp: _g, ...rest } = rec;
      return json(200, { [key]: rest });
    }
    return json(200, { [key]: rec });
  };
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/api/v2/users/me", handler: me },
  { method: "GET", path: "/api/v2/users/:id", handler: one("users", "user") },
  { method: "GET", path: "/api/v2/organizations/:id", handler: one("organizations", "organization") },
  { method: "GET", path: "/api/v2/tickets/:id", handler: one("tickets", "ticket") },
];
