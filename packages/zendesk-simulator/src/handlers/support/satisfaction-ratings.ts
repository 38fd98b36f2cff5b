/**
 * `/api/v2/satisfaction_ratings`: CBP/OBP; `score`, `start_time`/`end_time` (unix) and
 * `sort=created_at|-created_at` (default newest first). The time filters apply to `updated_at`
 * [unverified: the docs say "time of the oldest satisfaction rating"].
 * Pages seek in the ratings index (account/support-extras.ts `ratingsTable`); filters read its
 * columns, so only the page's ratings (and their tickets) are generated.
 */
import { fromIso } from "../../util/clock.js";
import { entriesSource, offsetStart, PLACEHOLDER } from "../../pagination/entries-source.js";
import { scoreCode } from "../../account/ticket-facts.js";
import { ratingRecord, ratingsTable } from "../../account/support-extras.js";
import { NotFoundError } from "../../core/errors.js";
import { intParam, json } from "../../core/http.js";
import { invalidAttribute } from "../../pagination/offset.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  const start = intParam(ctx.query, "start_time");
  const end = intParam(ctx.query, "end_time");
  if (Number.isNaN(start)) throw invalidAttribute("start_time", "satisfaction_ratings");
  if (Number.isNaN(end)) throw invalidAttribute("end_time", "satisfaction_ratings");
  const score = ctx.query.get("score");
  const account = ctx.sim.account;
  const table = ratingsTable(account);
  const code = score ? scoreCode(score) : -1;
  const include = (p: number) => {
    const t = table.val[p];
    return (start === undefined || t >= start) && (end === undefined || t <= end) && (!score || table.code[p] === code);
  };
  const desc = ctx.query.get("sort") !== "created_at";
  const dir = desc ? -1 : 1;
  // a rating is created (offered) no later than it is updated (rated): end_time bounds created_at too
  const o = { descending: desc, include, build: (p: number) => ratingRecord(account, table, p), keyRange: { to: end === undefined ? undefined : end + 1 } };
  return listResponse(
    ctx,
    { cursor: entriesSource(table, o), offset: entriesSource(table, { ...o, skipBuild: { n: offsetStart(ctx.query), placeholder: PLACEHOLDER } }) },
    {
      key: "satisfaction_ratings",
      endpoint: "satisfaction_ratings",
      offsetOrder: (a, b) => dir * (fromIso(a.created_at as string) - fromIso(b.created_at as string)) || (a.id as number) - (b.id as number),
      cursorOrder: { label: desc ? "-created_at,id" : "created_at,id", key: (r) => [fromIso(r.created_at as string), r.id as number], dirs: [dir, 1] },
    },
  );
}

function show(ctx: RouteContext): Response {
  const table = ratingsTable(ctx.sim.account);
  const p = table.ids.indexOf(Number(ctx.params.id));
  if (p < 0) throw new NotFoundError("satisfaction_ratings", ctx.params.id);
  return json(200, { satisfaction_rating: ratingRecord(ctx.sim.account, table, p) });
}

export const satisfactionRatingRoutes: Route[] = [
  { method: "GET", path: "/api/v2/satisfaction_ratings", handler: list, params: [...LIST_PARAMS, "score", "sort", "start_time", "end_time"] },
  { method: "GET", path: "/api/v2/satisfaction_ratings/:id", handler: show },
];
