/**
 * Generic list endpoint: cursor pagination when `page[size]`/`page[after]`/
 * `page[before]` is sent, offset pagination otherwise.
 */
import type { JsonObject } from "../data/users.js";
import { jsonPage } from "../http-util.js";
import { cursorPage, sortForCursor, wantsCursor, type CursorOrder } from "../pagination/cursor.js";
import { offsetPage } from "../pagination/offset.js";
import type { OrderedSource } from "../pagination/source.js";
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

/**
 * `items`: every record of the list (sorted here), or, for large collections, `OrderedSource`s
 * that seek in an index: `{ cursor, offset }` in the cursor and offset orders.
 */
export function listResponse(ctx: RouteContext, items: JsonObject[] | ListSources, spec: ListSpec, extra: Record<string, unknown> = {}): Response {
  const modes = spec.modes ?? "both";
  const useCursor = modes === "cursor" || (modes === "both" && wantsCursor(ctx.query));
  if (!Array.isArray(items)) {
    const page = useCursor
      ? cursorPage(items.cursor, spec.cursorOrder, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint, { oversize: ctx.sim.options.cbpOversize })
      : offsetPage(items.offset ?? items.cursor, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint);
    return jsonPage(200, spec.key, page.items, { ...extra, ...page.envelope });
  }
  if (useCursor) {
    const sorted = sortForCursor(items, spec.cursorOrder);
    const page = cursorPage(sorted, spec.cursorOrder, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint, { oversize: ctx.sim.options.cbpOversize });
    return jsonPage(200, spec.key, page.items, { ...extra, ...page.envelope });
  }
  const sorted = spec.offsetOrder ? items.slice().sort(spec.offsetOrder) : items;
  const page = offsetPage(sorted, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint);
  return jsonPage(200, spec.key, page.items, { ...extra, ...page.envelope });
}

/** Seekable sources of a large list: in the cursor order, and in the offset order when that differs. */
export interface ListSources {
  cursor: OrderedSource<JsonObject>;
  offset?: OrderedSource<JsonObject>;
}

export const byId = (a: JsonObject, b: JsonObject): number => (a.id as number) - (b.id as number);
