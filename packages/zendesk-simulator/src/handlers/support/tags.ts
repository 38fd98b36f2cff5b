/**
 * `/api/v2/tags`: `{name,count}` ordered by -count, name. Cursor mode with
 * Support links (next/prev present even on the last page), or offset mode.
 */
import type { Route, RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  return listResponse(ctx, ctx.sim.account.tags(), {
    key: "tags",
    endpoint: "tags",
    cursorOrder: { label: "-score,id", key: (t) => [t.count as number, String(t.name)], dirs: [-1, 1] },
  });
}

export const tagRoutes: Route[] = [{ method: "GET", path: "/api/v2/tags", handler: list }];
