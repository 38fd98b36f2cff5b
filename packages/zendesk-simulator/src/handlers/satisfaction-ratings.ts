/**
 * `/api/v2/satisfaction_ratings`: CBP/OBP; `score`, `start_time`/`end_time` (unix) and
 * `sort=created_at|-created_at` (default newest first). The time filters apply to `updated_at`
 * [unverified: the docs say "time of the oldest satisfaction rating"].
 */
import { fromIso } from "../clock.js";
import { satisfactionRatings } from "../data/support-extras.js";
import { intParam } from "../http-util.js";
import { invalidAttribute } from "../pagination/offset.js";
import type { Route, RouteContext } from "../simulator.js";
import { listResponse } from "./list.js";

function list(ctx: RouteContext): Response {
  const start = intParam(ctx.query, "start_time");
  const end = intParam(ctx.query, "end_time");
  if (Number.isNaN(start)) throw invalidAttribute("start_time", "satisfaction_ratings");
  if (Number.isNaN(end)) throw invalidAttribute("end_time", "satisfaction_ratings");
  const score = ctx.query.get("score");
  const items = satisfactionRatings(ctx.sim.account).filter((r) => {
    const t = fromIso(r.updated_at as string);
    return (start === undefined || t >= start) && (end === undefined || t <= end) && (!score || r.score === score);
  });
  const desc = ctx.query.get("sort") !== "created_at";
  const dir = desc ? -1 : 1;
  return listResponse(ctx, items, {
    key: "satisfaction_ratings",
    endpoint: "satisfaction_ratings",
    offsetOrder: (a, b) => dir * (fromIso(a.created_at as string) - fromIso(b.created_at as string)) || (a.id as number) - (b.id as number),
    cursorOrder: { label: desc ? "-created_at,id" : "created_at,id", key: (r) => [fromIso(r.created_at as string), r.id as number], dirs: [dir, 1] },
  });
}

export const satisfactionRatingRoutes: Route[] = [{ method: "GET", path: "/api/v2/satisfaction_ratings", handler: list }];
