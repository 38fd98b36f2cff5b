/**
 * `/api/v2/search/export` (ZENDESK-API.md §5) for tickets, users, organizations and groups: `filter[type]` is mandatory,
 * `page[size]` ≤ 1000, results newest-created first (id ascending on ties), `meta.before_cursor`
 * and `links.prev` null, no `count`, `facets: null`. Served from a "search index": deleted tickets
 * are absent and a ticket changed less than `searchIndexDelaySeconds` ago shows its previous state
 * (here: is absent until indexed). Query terms understood: `updated_at`/`created_at` with
 * `>`, `>=`, `<`, `<=`, `:` and ISO or date values, `status:`, `type:ticket`.
 */
import { fromIso } from "../../util/clock.js";
import type { Account } from "../../account/account.js";
import { entriesSource } from "../../pagination/entries-source.js";
import { perAccount, perAccountRevision } from "../../account/facts.js";
import { STATUS_CODES } from "../../account/ticket-facts.js";
import { Table, TableBuilder } from "../../store/sorted-entries.js";
import { supportAccess } from "../../account/support-access.js";
import { userCount, userId, userTimes } from "../../account/users.js";
import type { JsonObject } from "../../core/types.js";
import { HttpError, json } from "../../core/http.js";
import { cursorPage, type CursorOrder } from "../../pagination/cursor.js";
import type { Route, RouteContext } from "../../core/route.js";
import { baseUserCodes } from "../support/lists.js";

type Test = (t: JsonObject) => boolean;
type DateTerm = { field: "created_at" | "updated_at"; op: string; value: number };

interface Query {
  /** every term, tested on the record */
  tests: Test[];
  /** the date terms (also tested on base facts before a record is generated) */
  dates: DateTerm[];
  statuses: string[];
}

const compare = (op: string, a: number, value: number): boolean =>
  op === ">=" ? a >= value : op === "<=" ? a <= value : op === ">" ? a > value : op === "<" ? a < value : a === value;

function parseQuery(query: string): Query {
  const q: Query = { tests: [], dates: [], statuses: [] };
  for (const term of query.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(updated_at|created_at)(>=|<=|>|<|:)(.+)$/.exec(term);
    if (m) {
      const [, field, op, raw] = m;
      const value = fromIso(raw);
      if (Number.isNaN(value)) throw new HttpError(400, { error: "InvalidValue", description: `Invalid date in search query: ${raw}` });
      q.dates.push({ field: field as DateTerm["field"], op, value });
      q.tests.push((t) => compare(op, fromIso(t[field] as string), value));
      continue;
    }
    const s = /^status:(\w+)$/.exec(term);
    if (s) {
      q.statuses.push(s[1]);
      q.tests.push((t) => t.status === s[1]);
      continue;
    }
    if (/^type:\w+$/.test(term)) continue; // documented as an error, tolerated in practice
    q.tests.push((t) => JSON.stringify(t).toLowerCase().includes(term.toLowerCase()));
  }
  return q;
}

/** The created_at range the date terms allow: a key range of the created_at index. */
function createdRange(q: Query): { from?: number; to?: number } {
  let from: number | undefined;
  let to: number | undefined;
  const lower = (v: number) => (from = from === undefined ? v : Math.max(from, v));
  const upper = (v: number) => (to = to === undefined ? v : Math.min(to, v));
  for (const d of q.dates) {
    if (d.field !== "created_at") continue;
    if (d.op === ">=") lower(d.value);
    else if (d.op === ">") lower(d.value + 1);
    else if (d.op === "<=") upper(d.value + 1);
    else if (d.op === "<") upper(d.value);
    else {
      lower(d.value);
      upper(d.value + 1);
    }
  }
  return { from, to };
}

/** Whether base facts (created, updated seconds) pass the date terms. */
const datesPass = (q: Query, created: number, updated: number): boolean => q.dates.every((d) => compare(d.op, d.field === "created_at" ? created : updated, d.value));

const ORDER: CursorOrder<JsonObject> = { label: "created_at,id", key: (t) => [fromIso(t.created_at as string), t.id as number], dirs: [-1, 1] };

const changedAt = (r: JsonObject): number => (typeof r.generated_timestamp === "number" ? r.generated_timestamp : fromIso(r.updated_at as string));

// ---- created_at indexes ------------------------------------------------------------------
// Entries (created_at seconds, id, src = id); base records are indexed once from their facts,
// then each revision merges in the records written since (edited and new ones).

/** Base tickets by created_at (generation order is created_at order, so no sort is needed). */
function ticketIndex(account: Account): { table: Table; edited: Set<number> } {
  return perAccountRevision(account, "search:tickets", () => {
    const base = perAccount(account, "search:tickets:base", () => {
      const f = account.baseTicketFacts;
      const b = new TableBuilder(f.count);
      for (let i = 0; i < f.count; i++) b.push(f.created[i], i + 1, i + 1);
      return b.build();
    });
    const edited = new Set(account.editedTicketIds());
    const extra = new TableBuilder(edited.size);
    for (const id of edited) {
      const t = account.tickets.get(id);
      if (t) extra.push(fromIso(t.created_at as string), id, id);
    }
    return { table: Table.merge(base, edited, extra.build()), edited };
  });
}

/** Users by created_at; `val` is updated_at and `code` the base user code (0 = inactive) of base users. */
function userIndex(account: Account): { table: Table; edited: Set<number> } {
  return perAccountRevision(account, "search:users", () => {
    const base = perAccount(account, "search:users:base", () => {
      const s = account.shape;
      const codes = baseUserCodes(account);
      const n = userCount(s);
      const b = new TableBuilder(n);
      for (let i = 0; i < n; i++) {
        const { created, updated } = userTimes(s, i);
        const id = userId(s, i);
        b.push(created, id, id, updated, codes[i]);
      }
      return b.build();
    });
    const edited = new Set(account.editedUserIds());
    const extra = new TableBuilder(edited.size);
    for (const id of edited) {
      const u = account.users.get(id);
      if (u) extra.push(fromIso(u.created_at as string), id, id, fromIso(u.updated_at as string), u.active === false ? 0 : 3);
    }
    return { table: Table.merge(base, edited, extra.build()), edited };
  });
}

/** Organizations or groups (held in memory) by created_at, per revision. */
function collectionIndex(account: Account, kind: "organizations" | "groups"): Table {
  return perAccountRevision(account, `search:${kind}`, () => {
    const b = new TableBuilder(account[kind].byId.size);
    for (const r of account[kind].byId.values()) b.push(fromIso(r.created_at as string), r.id as number, r.id as number);
    return b.build();
  });
}

interface TypeSource {
  table: Table;
  /** the record of entry p if it is in the search index and passes the query (base facts first) */
  build: (p: number) => JsonObject | undefined;
}

/** What the search index holds per type: deleted records are absent; so is a record changed after `indexedBefore`. */
const SOURCES: Record<string, (account: Account, q: Query, indexedBefore: number) => TypeSource> = {
  ticket: (account, q, indexedBefore) => {
    const { table, edited } = ticketIndex(account);
    const f = account.baseTicketFacts;
    const deleted = STATUS_CODES.indexOf("deleted");
    const wantStatus = q.statuses.map((x) => STATUS_CODES.indexOf(x as never));
    return {
      table,
      build: (p) => {
        const id = table.src[p];
        if (!edited.has(id)) {
          const i = id - 1;
          if (f.status[i] === deleted || f.generated[i] > indexedBefore || !datesPass(q, f.created[i], f.updated[i])) return undefined;
          if (wantStatus.some((c) => c !== f.status[i])) return undefined;
        }
        const r = account.tickets.get(id);
        return r && r.status !== "deleted" && changedAt(r) <= indexedBefore && q.tests.every((test) => test(r)) ? r : undefined;
      },
    };
  },
  user: (account, q, indexedBefore) => {
    const { table, edited } = userIndex(account);
    return {
      table,
      build: (p) => {
        const id = table.src[p];
        if (!edited.has(id) && (table.code[p] === 0 || table.val[p] > indexedBefore || !datesPass(q, table.keys[p], table.val[p]))) return undefined;
        const r = account.users.get(id);
        return r && r.active !== false && changedAt(r) <= indexedBefore && q.tests.every((test) => test(r)) ? r : undefined;
      },
    };
  },
  organization: (account, q, indexedBefore) => {
    const table = collectionIndex(account, "organizations");
    return {
      table,
      build: (p) => {
        const r = account.organizations.get(table.src[p]);
        return r && r.deleted_at == null && changedAt(r) <= indexedBefore && q.tests.every((test) => test(r)) ? r : undefined;
      },
    };
  },
  group: (account, q, indexedBefore) => {
    const table = collectionIndex(account, "groups");
    return {
      table,
      build: (p) => {
        const r = account.groups.get(table.src[p]);
        return r && r.deleted !== true && changedAt(r) <= indexedBefore && q.tests.every((test) => test(r)) ? r : undefined;
      },
    };
  },
};

/**
 * Walks the created_at index newest first from the cursor, generating records and applying the
 * query until the page is full: the work is the page plus the records the query rejects on the way.
 */
function searchExport(ctx: RouteContext): Response {
  const type = ctx.query.get("filter[type]");
  if (!type) throw new HttpError(400, { error: "InvalidParameter", description: "filter[type] is required" });
  const source = SOURCES[type];
  if (!source) throw new HttpError(400, { error: "InvalidParameter", description: `filter[type] must be one of ${Object.keys(SOURCES).join(", ")}` });
  const q = parseQuery(ctx.query.get("query") ?? "");
  const indexedBefore = ctx.sim.clock.nowSeconds() - supportAccess(ctx.sim).searchIndexDelaySeconds;
  const { table, build } = source(ctx.sim.account, q, indexedBefore);
  const items = entriesSource(table, {
    descending: true,
    keyRange: createdRange(q),
    build: (p) => {
      const r = build(p);
      return r && { ...r, result_type: type };
    },
  });
  const page = cursorPage(items, ORDER, ctx.query, ctx.origin, ctx.rawPath, "search/export", { maxSize: 1000, oversize: ctx.sim.options.cbpOversize });
  const meta = page.envelope.meta as JsonObject;
  const links = page.envelope.links as JsonObject;
  return json(200, {
    results: page.items,
    facets: null,
    meta: { has_more: meta.has_more, after_cursor: meta.after_cursor, before_cursor: null },
    links: { next: meta.has_more ? links.next : null, prev: null },
  });
}

/**
 * `/api/v2/search/count` (Show Results Count): `{"count": N}` for the query, from the same search
 * index as the export (deleted and not-yet-indexed records absent). The type comes from the query's
 * `type:` term; without one, every type is counted.
 */
function searchCount(ctx: RouteContext): Response {
  const raw = ctx.query.get("query");
  if (!raw) throw new HttpError(400, { error: "InvalidParameter", description: "query is required" });
  const q = parseQuery(raw);
  const type = /(?:^|\s)type:(\w+)/.exec(raw)?.[1];
  if (type && !SOURCES[type]) throw new HttpError(400, { error: "InvalidParameter", description: `type must be one of ${Object.keys(SOURCES).join(", ")}` });
  const indexedBefore = ctx.sim.clock.nowSeconds() - supportAccess(ctx.sim).searchIndexDelaySeconds;
  let count = 0;
  for (const name of type ? [type] : Object.keys(SOURCES)) {
    const { table, build } = SOURCES[name](ctx.sim.account, q, indexedBefore);
    for (const _ of entriesSource(table, { keyRange: createdRange(q), build }).forward()) count++;
  }
  return json(200, { count });
}

export const searchExportRoutes: Route[] = [
  { method: "GET", path: "/api/v2/search/export", handler: searchExport, params: ["query", "filter[type]", "page[size]", "page[after]", "page[before]"] },
  { method: "GET", path: "/api/v2/search/count", handler: searchCount, params: ["query"] },
];
