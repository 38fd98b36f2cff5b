/**
 * `/api/v2/search/export` (ZENDESK-API.md §5) for tickets, users, organizations and groups: `filter[type]` is mandatory,
 * `page[size]` ≤ 1000, results newest-created first (id ascending on ties), `meta.before_cursor`
 * and `links.prev` null, no `count`, `facets: null`. Served from a "search index": deleted tickets
 * are absent and a ticket changed less than `searchIndexDelaySeconds` ago shows its previous state
 * (here: is absent until indexed). Query terms understood: `updated_at`/`created_at` with
 * `>`, `>=`, `<`, `<=`, `:` and ISO or date values, `status:`, `type:ticket`.
 */
import { fromIso } from "../clock.js";
import { supportAccess } from "../data/support-access.js";
import type { JsonObject } from "../data/users.js";
import { HttpError, json } from "../http-util.js";
import { cursorPage, sortForCursor, type CursorOrder } from "../pagination/cursor.js";
import type { Route, RouteContext } from "../simulator.js";

type Test = (t: JsonObject) => boolean;

function parseQuery(query: string): Test[] {
  const tests: Test[] = [];
  for (const term of query.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(updated_at|created_at)(>=|<=|>|<|:)(.+)$/.exec(term);
    if (m) {
      const [, field, op, raw] = m;
      const value = fromIso(raw);
      if (Number.isNaN(value)) throw new HttpError(400, { error: "InvalidValue", description: `Invalid date in search query: ${raw}` });
      const at = (t: JsonObject) => fromIso(t[field] as string);
      tests.push(
        op === ">=" ? (t) => at(t) >= value : op === "<=" ? (t) => at(t) <= value : op === ">" ? (t) => at(t) > value : op === "<" ? (t) => at(t) < value : (t) => at(t) === value,
      );
      continue;
    }
    const s = /^status:(\w+)$/.exec(term);
    if (s) {
      tests.push((t) => t.status === s[1]);
      continue;
    }
    if (/^type:\w+$/.test(term)) continue; // documented as an error, tolerated in practice
    tests.push((t) => JSON.stringify(t).toLowerCase().includes(term.toLowerCase()));
  }
  return tests;
}

const ORDER: CursorOrder<JsonObject> = { label: "created_at,id", key: (t) => [fromIso(t.created_at as string), t.id as number], dirs: [-1, 1] };

/** What the search index holds per type: deleted records are absent. */
const SOURCES: Record<string, (ctx: RouteContext) => JsonObject[]> = {
  ticket: (ctx) => [...ctx.sim.account.tickets.byId.values()].filter((t) => t.status !== "deleted"),
  user: (ctx) => [...ctx.sim.account.users.byId.values()].filter((u) => u.active !== false),
  organization: (ctx) => [...ctx.sim.account.organizations.byId.values()].filter((o) => o.deleted_at == null),
  group: (ctx) => [...ctx.sim.account.groups.byId.values()].filter((g) => g.deleted !== true),
};

const changedAt = (r: JsonObject): number => (typeof r.generated_timestamp === "number" ? r.generated_timestamp : fromIso(r.updated_at as string));

function searchExport(ctx: RouteContext): Response {
  const type = ctx.query.get("filter[type]");
  if (!type) throw new HttpError(400, { error: "InvalidParameter", description: "filter[type] is required" });
  const source = SOURCES[type];
  if (!source) throw new HttpError(400, { error: "InvalidParameter", description: `filter[type] must be one of ${Object.keys(SOURCES).join(", ")}` });
  const tests = parseQuery(ctx.query.get("query") ?? "");
  const indexedBefore = ctx.sim.clock.nowSeconds() - supportAccess(ctx.sim).searchIndexDelaySeconds;
  const items = source(ctx)
    .filter((r) => changedAt(r) <= indexedBefore && tests.every((test) => test(r)))
    .map((r) => ({ ...r, result_type: type }));
  const page = cursorPage(sortForCursor(items, ORDER), ORDER, ctx.query, ctx.origin, ctx.rawPath, "search/export", { maxSize: 1000, oversize: ctx.sim.options.cbpOversize });
  const meta = page.envelope.meta as JsonObject;
  const links = page.envelope.links as JsonObject;
  return json(200, {
    results: page.items,
    facets: null,
    meta: { has_more: meta.has_more, after_cursor: meta.after_cursor, before_cursor: null },
    links: { next: meta.has_more ? links.next : null, prev: null },
  });
}

export const searchExportRoutes: Route[] = [{ method: "GET", path: "/api/v2/search/export", handler: searchExport }];
