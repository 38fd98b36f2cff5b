/** `/api/v2/groups`: offset or cursor pagination; deleted groups only with `exclude_deleted=false`. */
import { json } from "../../core/http.js";
import { NotFoundError } from "../../core/errors.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { byId, listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  const includeDeleted = ctx.query.get("exclude_deleted") === "false";
  const items = [...ctx.sim.account.groups.byId.values()].filter((g) => includeDeleted || g.deleted !== true);
  return listResponse(ctx, items, {
    key: "groups",
    endpoint: "groups",
    offsetOrder: byId,
    cursorOrder: { label: "name,id", key: (g) => [String(g.name), g.id as number], dirs: [1, 1] },
  });
}

function show(ctx: RouteContext): Response {
  const g = ctx.sim.account.groups.get(Number(ctx.params.id));
  if (!g) throw new NotFoundError("groups", ctx.params.id);
  return json(200, { group: g });
}

export const groupRoutes: Route[] = [
  { method: "GET", path: "/api/v2/groups", handler: list, params: [...LIST_PARAMS, "exclude_deleted"] },
  { method: "GET", path: "/api/v2/groups/:id", handler: show },
];
