/** `/api/v2/users/me` (the authenticated user) and single-record lookups of users and organizations. */
import { NotFoundError } from "../../core/errors.js";
import { json } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { USER_SIDELOADS, userSideloads } from "../sideloads.js";

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
  return json(200, { user: { ...user, authenticity_token: "REDACTED" }, ...userSideloads(ctx, [user]).arrays });
}

function user(ctx: RouteContext): Response {
  const rec = ctx.sim.account.users.get(Number(ctx.params.id));
  if (!rec) throw new NotFoundError("users", ctx.params.id);
  return json(200, { user: rec, ...userSideloads(ctx, [rec]).arrays });
}

function organization(ctx: RouteContext): Response {
  const rec = ctx.sim.account.organizations.get(Number(ctx.params.id));
  if (!rec) throw new NotFoundError("organizations", ctx.params.id);
  return json(200, { organization: rec });
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/api/v2/users/me", handler: me, params: [], sideloads: USER_SIDELOADS },
  { method: "GET", path: "/api/v2/users/:id", handler: user, params: [], sideloads: USER_SIDELOADS },
  { method: "GET", path: "/api/v2/organizations/:id", handler: organization, params: [] },
];
