/**
 * Cursor pagination (CBP), switched on by `page[size]`. Support flavour:
 * `meta{has_more, after_cursor, before_cursor}` and `links{prev, next}` that
 * are URLs even on the last page (stop on has_more only). Cursors are base64
 * JSON `{"o": "<order>", "v": "<base64 sort key>"}`, like the real ones.
 */
import { base64, buildUrl, HttpError, intParam, otherParams } from "../http-util.js";
import { invalidAttribute } from "./offset.js";

export type SortValue = number | string;

export interface CursorOrder<T> {
  /** Order label inside the cursor, e.g. "name,id" or "-score,id". */
  label: string;
  key: (item: T) => SortValue[];
  /** 1 ascending, -1 descending, per key component. */
  dirs: (1 | -1)[];
}

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

function compareKeys(a: SortValue[], b: SortValue[], dirs: (1 | -1)[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = dirs[i] ?? 1;
    if (a[i] < b[i]) return -d;
    if (a[i] > b[i]) return d;
  }
  return 0;
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

/** `items` must already be sorted by `order`. */
export function cursorPage<T>(items: T[], order: CursorOrder<T>, query: URLSearchParams, origin: string, path: string, endpoint: string, o: CursorOptions = {}): CursorPage<T> {
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
  let start = 0;
  let end = Math.min(items.length, size);
  if (after) {
    const c = decodeListCursor(after);
    if (!c) throw invalidAttribute("page.after", endpoint);
    start = items.findIndex((it) => compareKeys(order.key(it), c.v, order.dirs) > 0);
    if (start < 0) start = items.length;
    end = Math.min(items.length, start + size);
  } else if (before) {
    const c = decodeListCursor(before);
    if (!c) throw invalidAttribute("page.before", endpoint);
    let firstNotBefore = items.findIndex((it) => compareKeys(order.key(it), c.v, order.dirs) >= 0);
    if (firstNotBefore < 0) firstNotBefore = items.length;
    end = firstNotBefore;
    start = Math.max(0, end - size);
  }
  const slice = items.slice(start, end);
  if (slice.length === 0) {
    return { items: slice, envelope: { meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { prev: null, next: null } } };
  }
  const afterCursor = encodeListCursor(order.label, order.key(slice[slice.length - 1]));
  const beforeCursor = encodeListCursor(order.label, order.key(slice[0]));
  const hasMore = before ? start > 0 : end < items.length;
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
