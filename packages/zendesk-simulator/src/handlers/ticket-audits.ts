/**
 * `/api/v2/ticket_audits` (ZENDESK-API.md §11): cursor pagination (`page[size]` ≤ 100, ascending
 * `created_at,id`) or, without `page[size]`, the legacy cursor feed: newest first, `limit` ≤ 1000,
 * `cursor`, and top-level `before_url`/`after_url`/`before_cursor`/`after_cursor`. `before_url`
 * walks to older audits and is null once there are none.
 */
import { fromIso } from "../clock.js";
import { historyOf } from "../data/ticket-history.js";
import type { JsonObject } from "../data/users.js";
import { base64, buildUrl, HttpError, intParam, json, otherParams } from "../http-util.js";
import { wantsCursor } from "../pagination/cursor.js";
import type { Route, RouteContext } from "../simulator.js";
import { listResponse } from "./list.js";

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
const newer = (x: [number, number], y: [number, number]) => x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);

function legacy(ctx: RouteContext, audits: JsonObject[]): Response {
  const limit = intParam(ctx.query, "limit") ?? 1000;
  if (Number.isNaN(limit) || limit < 1 || limit > 1000) throw new HttpError(400, { error: "InvalidValue", description: "limit must be between 1 and 1000" });
  const raw = ctx.query.get("cursor");
  const position = raw ? decode(raw) : undefined;
  if (raw && !position) throw new HttpError(400, { error: "InvalidCursor", description: "The cursor is invalid" });
  const desc = audits.slice().reverse(); // newest first
  let page: JsonObject[];
  if (!position) page = desc.slice(0, limit);
  else if (position.dir === "before") page = desc.filter((a) => newer([position.ts, position.id], key(a))).slice(0, limit);
  else page = desc.filter((a) => newer(key(a), [position.ts, position.id])).slice(-limit);
  const rest = otherParams(ctx.query, ["cursor"]);
  const oldest = page.at(-1);
  const newest = page[0];
  const hasOlder = oldest !== undefined && desc.some((a) => newer(key(oldest), key(a)));
  const hasNewer = newest !== undefined && desc.some((a) => newer(key(a), key(newest)));
  const before = hasOlder ? encode({ dir: "before", ts: key(oldest!)[0], id: oldest!.id as number }) : null;
  const after = hasNewer ? encode({ dir: "after", ts: key(newest!)[0], id: newest!.id as number }) : null;
  return json(200, {
    audits: page,
    before_cursor: before,
    before_url: before ? buildUrl(ctx.origin, ctx.rawPath, [["cursor", before], ...rest]) : null,
    after_cursor: after,
    after_url: after ? buildUrl(ctx.origin, ctx.rawPath, [["cursor", after], ...rest]) : null,
  });
}

function list(ctx: RouteContext): Response {
  const audits = historyOf(ctx.sim.account).all();
  if (!wantsCursor(ctx.query)) return legacy(ctx, audits);
  return listResponse(ctx, audits, {
    key: "audits",
    endpoint: "ticket_audits",
    modes: "cursor",
    cursorOrder: { label: "created_at,id", key: (a) => key(a), dirs: [1, 1] },
  });
}

export const ticketAuditRoutes: Route[] = [{ method: "GET", path: "/api/v2/ticket_audits", handler: list }];
