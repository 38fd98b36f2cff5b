/**
 * `/api/v2/ticket_audits` (ZENDESK-API.md §11): cursor pagination (`page[size]` ≤ 100, ascending
 * `created_at,id`) or, without `page[size]`, the legacy cursor feed: newest first, `limit` ≤ 1000,
 * `cursor`, and top-level `before_url`/`after_url`/`before_cursor`/`after_cursor`. `before_url`
 * walks to older audits and is null once there are none. Audits of archived tickets are left out
 * (`supportAccess(sim).archiveAfterDays`).
 */
import { fromIso } from "../../util/clock.js";
import type { Collection } from "../../store/collection.js";
import { entriesSource } from "../../pagination/entries-source.js";
import { historyOf } from "../../account/ticket-history.js";
import { archivedTickets } from "../../account/support-access.js";
import type { JsonObject } from "../../core/types.js";
import { base64, buildUrl, HttpError, intParam, json, otherParams } from "../../core/http.js";
import { wantsCursor } from "../../pagination/cursor.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

interface Position {
  dir: "before" | "after";
  ts: number;
  id: number;
}

const encode = (p: Position) => base64.encode(`${p.dir === "after" ? "a" : ""}|${p.ts}|${p.id}`).replace(/=+$/, "");

function decode(raw: string): Position | null {
  const m = /^(a?)\|(\d+)\|(\d+)$/.exec(base64.decode(raw));
  return m ? { dir: m[1] === "a" ? "after" : "before", ts: Number(m[2]), id: Number(m[3]) } : null;
}

const key = (a: JsonObject): [number, number] => [fromIso(a.created_at as string), a.id as number];

function legacy(ctx: RouteContext, audits: Collection, listed: (audit: JsonObject) => boolean): Response {
  const limit = intParam(ctx.query, "limit") ?? 1000;
  if (Number.isNaN(limit) || limit < 1 || limit > 1000) throw new HttpError(400, { error: "InvalidValue", description: "limit must be between 1 and 1000" });
  const raw = ctx.query.get("cursor");
  const position = raw ? decode(raw) : undefined;
  if (raw && !position) throw new HttpError(400, { error: "InvalidCursor", description: "The cursor is invalid" });
  // The ascending (created_at, id) index, served newest first: `limit` listed audits from the
  // position, walking down (before) or up (after); [from, to) is the stretch of the index walked.
  const index = audits.index;
  const at = (i: number) => audits.byId.get(index.at(i).id)!;
  const page: JsonObject[] = [];
  let from: number;
  let to: number;
  if (position?.dir === "after") {
    from = index.upperBound(position.ts, position.id);
    to = from;
    for (; to < index.size && page.length < limit; to++) if (listed(at(to))) page.unshift(at(to));
  } else {
    to = position?.dir === "before" ? index.lowerBound(position.ts, position.id) : index.size;
    from = to;
    for (; from > 0 && page.length < limit; from--) if (listed(at(from - 1))) page.push(at(from - 1));
  }
  const more = (lo: number, hi: number) => {
    for (let i = lo; i < hi; i++) if (listed(at(i))) return true;
    return false;
  };
  const rest = otherParams(ctx.query, ["cursor"]);
  const oldest = page.at(-1);
  const newest = page[0];
  const before = oldest && more(0, from) ? encode({ dir: "before", ts: key(oldest)[0], id: oldest.id as number }) : null;
  const after = newest && more(to, index.size) ? encode({ dir: "after", ts: key(newest)[0], id: newest.id as number }) : null;
  return json(200, {
    audits: page,
    before_cursor: before,
    before_url: before ? buildUrl(ctx.origin, ctx.rawPath, [["cursor", before], ...rest]) : null,
    after_cursor: after,
    after_url: after ? buildUrl(ctx.origin, ctx.rawPath, [["cursor", after], ...rest]) : null,
  });
}

function list(ctx: RouteContext): Response {
  const history = historyOf(ctx.sim.account);
  // Archived tickets' audits are not in this list (the ticket events export and /tickets/{id}/audits have them).
  const archived = archivedTickets(ctx.sim);
  const listed = (audit: JsonObject) => !archived?.(audit.ticket_id as number);
  if (!wantsCursor(ctx.query)) return legacy(ctx, history.audits, listed);
  const { index, byId } = history.audits;
  const cursor = entriesSource(index, { build: (p) => byId.get(index.idAt(p)), ...(archived ? { include: (p: number) => listed(byId.get(index.idAt(p))!) } : {}) });
  return listResponse(ctx, { cursor }, {
    key: "audits",
    endpoint: "ticket_audits",
    modes: "cursor",
    cursorOrder: { label: "created_at,id", key: (a) => key(a), dirs: [1, 1] },
  });
}

export const ticketAuditRoutes: Route[] = [{ method: "GET", path: "/api/v2/ticket_audits", handler: list, params: [...LIST_PARAMS, "cursor", "limit", "sort_by", "sort_order"] }];
