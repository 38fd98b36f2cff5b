/**
 * Generic list endpoint: cursor pagination when `page[size]`/`page[after]`/
 * `page[before]` is sent, offset pagination otherwise.
 */
import type { JsonObject } from "../data/users.js";
import { jsonPage } from "../http-util.js";
import { cursorPage, sortForCursor, wantsCursor, type CursorOrder } from "../pagination/cursor.js";
import { offsetPage } from "../pagination/offset.js";
import type { RouteContext } from "../simulator.js";

export interface ListSpec {
  key: string;
  /** endpoint name used in error messages, e.g. "groups" */
  endpoint: string;
  /** order of offset pages */
  offsetOrder?: (a: JsonObject, b: JsonObject) => number;
  cursorOrder: CursorOrder<JsonObject>;
  /** "both" (default), "cursor" only, or "offset" only */
  modes?: "both" | "cursor" | "offset";
}

export function listResponse(ctx: RouteContext, items: JsonObject[], spec: ListSpec, extra: Record<string, unknown> = {}): Response {
  const modes = spec.modes ?? "both";
  const useCursor = modes === "cursor" || (modes === "both" && wantsCursor(ctx.query));
  if (useCursor) {
    const sorted = sortForCursor(items, spec.cursorOrder);
    const page = cursorPage(sorted, spec.cursorOrder, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint, { oversize: ctx.sim.options.cbpOversize });
    return jsonPage(200, spec.key, page.items, { ...extra, ...page.envelope });
  }
  const sorted = spec.offsetOrder ? items.slice().sort(spec.offsetOrder) : items;
  const page = offsetPage(sorted, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint);
  return jsonPage(200, spec.key, page.items, { ...extra, ...page.envelope });
}

export const byId = (a: JsonObject, b: JsonObject): number => (a.id as number) - (b.id as number);
