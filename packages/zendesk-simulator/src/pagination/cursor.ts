/**
 * Cursor pagination (CBP), switched on by `page[size]`. Support flavour:
 * `meta{has_more, after_cursor, before_cursor}` and `links{prev, next}` that
 * are URLs even on the last page (stop on has_more only). Cursors are base64
 * JSON `{"o": "<order>", "v": "<base64 sort key>"}`, like the real ones.
 */
import { base64, buildUrl, HttpError, intParam, otherParams } from "../core/http.js";
import { invalidAttribute } from "./offset.js";
import { arraySource, compareKeys, isOrderedSource, take, type CursorOrder, type OrderedSource, type SortValue } from "./source.js";

export { compareKeys, type CursorOrder, type SortValue } from "./source.js";

export interface CursorOptions {
  defaultSize?: number;
  maxSize?: number;
  /** What to do with page[size] above the max: "reject" (400, default) or "clamp". */
  oversize?: "reject" | "clamp";
}

export function encodeListCursor(label: string, key: SortValue[]): string {
  return base64.encode(JSON.stringify({ o: label, v: base64.encode(JSON.stringify(key)) }));
}

export function decodeListCursor(cursor: string): { o: string; v: SortValue[] } | null {
  try {
    const outer = JSON.parse(base64.decode(cursor)) as { o: string; v: string };
    const v = JSON.parse(base64.decode(outer.v)) as SortValue[];
    return Array.isArray(v) ? { o: outer.o, v } : null;
  } catch {
    return null;
  }
}

export function sortForCursor<T>(items: T[], order: CursorOrder<T>): T[] {
  return items.slice().sort((x, y) => compareKeys(order.key(x), order.key(y), order.dirs));
}

export function wantsCursor(query: URLSearchParams): boolean {
  return query.has("page[size]") || query.has("page[after]") || query.has("page[before]");
}

export interface CursorPage<T> {
  items: T[];
  envelope: { meta: Record<string, unknown>; links: Record<string, unknown> };
}

/** `items`: an array already sorted by `order`, or an `OrderedSource` in that order. */
export function cursorPage<T>(items: readonly T[] | OrderedSource<T>, order: CursorOrder<T>, query: URLSearchParams, origin: string, path: string, endpoint: string, o: CursorOptions = {}): CursorPage<T> {
  const source = isOrderedSource(items) ? items : arraySource(items, order);
  const maxSize = o.maxSize ?? 100;
  let size = intParam(query, "page[size]") ?? o.defaultSize ?? 100;
  if (Number.isNaN(size) || size < 1) throw invalidAttribute("page.size", endpoint);
  if (size > maxSize) {
    if ((o.oversize ?? "reject") === "reject") throw invalidAttribute("page.size", endpoint);
    size = maxSize;
  }
  const after = query.get("page[after]");
  const before = query.get("page[before]");
  if (after && before) throw new HttpError(400, { error: { title: "Invalid attribute", message: "You passed both page[after] and page[before]" } });
  let slice: T[];
  let hasMore: boolean;
  if (before) {
    const c = decodeListCursor(before);
    if (!c) throw invalidAttribute("page.before", endpoint);
    const older = take(source.backward(c.v), size + 1);
    hasMore = older.length > size;
    slice = older.slice(0, size).reverse();
  } else {
    let from: SortValue[] | undefined;
    if (after) {
      const c = decodeListCursor(after);
      if (!c) throw invalidAttribute("page.after", endpoint);
      from = c.v;
    }
    const next = take(source.forward(from), size + 1);
    hasMore = next.length > size;
    slice = next.slice(0, size);
  }
  if (slice.length === 0) {
    return { items: slice, envelope: { meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { prev: null, next: null } } };
  }
  const afterCursor = encodeListCursor(order.label, order.key(slice[slice.length - 1]));
  const beforeCursor = encodeListCursor(order.label, order.key(slice[0]));
  const rest = otherParams(query, ["page[after]", "page[before]", "page[size]"]);
  const sizeParam: [string, string] = ["page[size]", String(size)];
  return {
    items: slice,
    envelope: {
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        prev: buildUrl(origin, path, [["page[before]", beforeCursor], sizeParam, ...rest]),
        next: buildUrl(origin, path, [["page[after]", afterCursor], sizeParam, ...rest]),
      },
    },
  };
}
