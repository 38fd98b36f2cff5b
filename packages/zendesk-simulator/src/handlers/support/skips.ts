/**
 * `/api/v2/skips` (ticket skips, with the skipped `ticket` embedded): CBP/OBP, `sort_order` asc|desc (default desc).
 * Pages seek in the skips index (account/support-extras.ts `skipsTable`) and build only their own skips.
 */
import { fromIso } from "../../util/clock.js";
import { entriesSource, offsetStart, PLACEHOLDER } from "../../pagination/entries-source.js";
import { skipRecord, skipsTable } from "../../account/support-extras.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  const dir = ctx.query.get("sort_order") === "asc" ? 1 : -1;
  const account = ctx.sim.account;
  const table = skipsTable(account);
  const o = { descending: dir === -1, build: (p: number) => skipRecord(account, table, p) };
  return listResponse(
    ctx,
    { cursor: entriesSource(table, o), offset: entriesSource(table, { ...o, skipBuild: { n: offsetStart(ctx.query), placeholder: PLACEHOLDER } }) },
    {
      key: "skips",
      endpoint: "skips",
      offsetOrder: (a, b) => dir * (fromIso(a.created_at as string) - fromIso(b.created_at as string)) || (a.id as number) - (b.id as number),
      cursorOrder: { label: dir === 1 ? "created_at,id" : "-created_at,id", key: (s) => [fromIso(s.created_at as string), s.id as number], dirs: [dir, 1] },
    },
  );
}

export const skipRoutes: Route[] = [{ method: "GET", path: "/api/v2/skips", handler: list, params: [...LIST_PARAMS, "sort_order"] }];
