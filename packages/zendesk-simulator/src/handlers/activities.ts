/**
 * `/api/v2/activities` (ticket activities of the last 30 days): CBP/OBP, newest first by default
 * (`-created_at,id`); `sort=created_at` or `sort_order=asc` reads oldest first; `since` (ISO) filters.
 */
import { fromIso } from "../clock.js";
import { ticketActivities } from "../data/support-extras.js";
import type { Route, RouteContext } from "../simulator.js";
import { listResponse } from "./list.js";

function list(ctx: RouteContext): Response {
  const since = ctx.query.get("since");
  const sinceSeconds = since ? fromIso(since) : undefined;
  const items = ticketActivities(ctx.sim.account, ctx.sim.clock.nowSeconds()).filter(
    (a) => sinceSeconds === undefined || Number.isNaN(sinceSeconds) || fromIso(a.created_at as string) >= sinceSeconds,
  );
  const asc = ctx.query.get("sort") === "created_at" || ctx.query.get("sort_order") === "asc";
  const dir = asc ? 1 : -1;
  // Real responses side-load the users involved as `actors` and `users` (here: of the whole list).
  const unique = (key: "actor" | "user") => [...new Map(items.map((a) => [(a[key] as { id: number }).id, a[key]])).values()];
  return listResponse(ctx, items, {
    key: "activities",
    endpoint: "activities",
    offsetOrder: (a, b) => dir * (fromIso(a.created_at as string) - fromIso(b.created_at as string)) || (a.id as number) - (b.id as number),
    cursorOrder: { label: asc ? "created_at,id" : "-created_at,id", key: (a) => [fromIso(a.created_at as string), a.id as number], dirs: [dir, 1] },
  }, { actors: unique("actor"), users: unique("user") });
}

export const activityRoutes: Route[] = [{ method: "GET", path: "/api/v2/activities", handler: list }];
