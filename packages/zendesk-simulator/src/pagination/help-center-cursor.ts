/**
 * Help Center / Community cursor pagination (ZENDESK-API.md §3.2): `meta{has_more, after_cursor,
 * before_cursor}`; `links` always has `first` and `last` (`page[before]=bGFzdF9wYWdl`, base64 of
 * "last_page"); `next` only when has_more; `prev` only after the first page (keys absent, not
 * null); links without `.json`; the next URL also goes out as a `Link: <…>; rel="next"` header.
 * Cursors are opaque base64 binary: a version byte, 7 zero bytes, then the sort key.
 */
import { buildUrl, HttpError, intParam, otherParams } from "../core/http.js";
import { invalidAttribute } from "./offset.js";

export const LAST_PAGE = "bGFzdF9wYWdl";

export function encodeHcCursor(key: number[]): string {
  const buf = Buffer.alloc(8 + key.length * 8);
  buf[0] = 0x69;
  key.forEach((v, i) => buf.writeDoubleLE(v, 8 + i * 8));
  return buf.toString("base64");
}

export function decodeHcCursor(cursor: string): number[] | null {
  const buf = Buffer.from(cursor, "base64");
  if (buf.length < 16 || buf[0] !== 0x69 || (buf.length - 8) % 8 !== 0) return null;
  const key: number[] = [];
  for (let i = 8; i < buf.length; i += 8) key.push(buf.readDoubleLE(i));
  return key;
}

const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

export interface HcPage<T> {
  items: T[];
  body: { meta: Record<string, unknown>; links: Record<string, string> };
  headers: Record<string, string>;
}

/** One page of `items` (any order; sorted here by `key` ascending). `path` must be without `.json`. */
export function hcCursorPage<T>(items: T[], key: (item: T) => number[], query: URLSearchParams, origin: string, path: string, endpoint: string): HcPage<T> {
  const sorted = items.slice().sort((x, y) => compare(key(x), key(y)));
  let size = intParam(query, "page[size]") ?? 30;
  if (Number.isNaN(size) || size < 1) throw invalidAttribute("page.size", endpoint);
  size = Math.min(size, 100);
  const after = query.get("page[after]");
  const before = query.get("page[before]");
  if (after && before) throw new HttpError(400, { error: { title: "Invalid attribute", message: "You passed both page[after] and page[before]" } });
  let start = 0;
  let end = Math.min(sorted.length, size);
  if (after) {
    const c = decodeHcCursor(after);
    if (!c) throw invalidAttribute("page.after", endpoint);
    start = sorted.findIndex((it) => compare(key(it), c) > 0);
    if (start < 0) start = sorted.length;
    end = Math.min(sorted.length, start + size);
  } else if (before) {
    if (before === LAST_PAGE) end = sorted.length;
    else {
      const c = decodeHcCursor(before);
      if (!c) throw invalidAttribute("page.before", endpoint);
      end = sorted.findIndex((it) => compare(key(it), c) >= 0);
      if (end < 0) end = sorted.length;
    }
    start = Math.max(0, end - size);
  }
  const slice = sorted.slice(start, end);
  const rest = otherParams(query, ["page[after]", "page[before]", "page[size]"]);
  const sizeParam: [string, string] = ["page[size]", String(size)];
  const links: Record<string, string> = {
    first: buildUrl(origin, path, [sizeParam, ...rest]),
    last: buildUrl(origin, path, [["page[before]", LAST_PAGE], sizeParam, ...rest]),
  };
  const hasMore = before ? start > 0 : end < sorted.length;
  const meta: Record<string, unknown> = { has_more: hasMore };
  const headers: Record<string, string> = {};
  if (slice.length > 0) {
    const afterCursor = encodeHcCursor(key(slice[slice.length - 1]));
    const beforeCursor = encodeHcCursor(key(slice[0]));
    meta.after_cursor = afterCursor;
    meta.before_cursor = beforeCursor;
    // `next` only when records follow the page, `prev` only when records precede it, whichever way
    // the walk goes: a backward walk (`last`, then `prev` while has_more) finds `prev` on every page
    // but the first, and the last page never carries `next` ([rec][doc] ZENDESK-API.md §3.2).
    if (end < sorted.length) {
      links.next = buildUrl(origin, path, [["page[after]", afterCursor], sizeParam, ...rest]);
      headers.link = `<${links.next}>; rel="next"`;
    }
    if (start > 0) links.prev = buildUrl(origin, path, [["page[before]", beforeCursor], sizeParam, ...rest]);
  }
  return { items: slice, body: { meta, links }, headers };
}
