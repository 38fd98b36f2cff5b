/**
 * `/api/v2/activities` (ticket activities of the last 30 days): CBP/OBP, newest first by default
 * (`-created_at,id`); `sort=created_at` or `sort_order=asc` reads oldest first; `since` (ISO) filters.
 * Pages walk the ticket audit index ((created_at, audit id): the activities' own order, since an
 * activity's id is its audit's plus a constant) from the cursor, turning audits into activities
 * until the page is full. Offset pages need the list's count: each audit of the window is looked
 * at once (account/support-extras.ts `auditFacts` keeps its author, ticket and comment presence);
 * later counts read those facts and the tickets' assignees from base facts.
 */
import { fromIso } from "../../util/clock.js";
import { entriesSource, offsetStart, PLACEHOLDER } from "../../pagination/entries-source.js";
import { DAY } from "../../account/shape.js";
import { activityIndex, activityOf, auditFacts, EXTRA_ID_BASE } from "../../account/support-extras.js";
import type { JsonObject } from "../../core/types.js";
import { jsonPage } from "../../core/http.js";
import { cursorPage, wantsCursor, type CursorOrder } from "../../pagination/cursor.js";
import { offsetPage } from "../../pagination/offset.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";

function list(ctx: RouteContext): Response {
  const since = ctx.query.get("since");
  const sinceSeconds = since ? fromIso(since) : undefined;
  const account = ctx.sim.account;
  const from = Math.max(ctx.sim.clock.nowSeconds() - 30 * DAY, sinceSeconds === undefined || Number.isNaN(sinceSeconds) ? -Infinity : sinceSeconds);
  const audits = activityIndex(account);
  const facts = auditFacts(account);
  const activityAt = (p: number): JsonObject | undefined => {
    const audit = audits.byId.get(audits.index.idAt(p))!;
    return facts.isActivity(audit.id as number, audit) ? activityOf(account, audit) : undefined;
  };
  const asc = ctx.query.get("sort") === "created_at" || ctx.query.get("sort_order") === "asc";
  const dir = asc ? 1 : -1;
  const order: CursorOrder<JsonObject> = { label: asc ? "created_at,id" : "-created_at,id", key: (a) => [fromIso(a.created_at as string), a.id as number], dirs: [dir, 1] };
  const o = {
    descending: !asc,
    keyRange: { from },
    // cursor values are (created_at, activity id); the index holds (created_at, audit id)
    position: (v: (number | string)[]): [number, number] => [Number(v[0]), Number(v[1]) - EXTRA_ID_BASE.activityOffset],
    build: activityAt,
  };
  let page: { items: JsonObject[]; envelope: Record<string, unknown> };
  if (wantsCursor(ctx.query)) {
    const p = cursorPage(entriesSource(audits.index, o), order, ctx.query, ctx.origin, ctx.rawPath, "activities", { oversize: ctx.sim.options.cbpOversize });
    page = { items: p.items, envelope: p.envelope };
  } else {
    // classify every audit of the window (from kept audit facts), so the pages before this one are counted, not built
    const include = (p: number) => facts.isActivity(audits.index.idAt(p));
    page = offsetPage(entriesSource(audits.index, { ...o, include, skipBuild: { n: offsetStart(ctx.query), placeholder: PLACEHOLDER } }), ctx.query, ctx.origin, ctx.rawPath, "activities");
  }
  // Real responses side-load the users involved as `actors` and `users` (here: of the page).
  const unique = (key: "actor" | "user") => [...new Map(page.items.map((a) => [(a[key] as { id: number }).id, a[key]])).values()];
  return jsonPage(200, "activities", page.items, { actors: unique("actor"), users: unique("user"), ...page.envelope });
}

export const activityRoutes: Route[] = [{ method: "GET", path: "/api/v2/activities", handler: list, params: [...LIST_PARAMS, "since", "sort", "sort_by", "sort_order"] }];
