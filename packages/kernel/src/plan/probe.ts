/**
 * What a plan learns from the first page of a list, read exactly as the sync would read it: the
 * records, whether there is more, and — when there is — how much more (the envelope's total, or
 * for a list in cursor order, the time the first page covered extrapolated to now).
 */
import type { HttpClient } from "../contracts/http.js";
import type { StreamRecord } from "../contracts/stream.js";
import { type PageWalk, walkPages } from "../streams/walk-pages.js";

export interface FirstPage {
  records: StreamRecord[];
  body: any;
  /** The paginator asks for another page. */
  more: boolean;
}

/** Reads the first page of a walk (one request) and asks the paginator whether there is more. */
export async function readFirstPage(ctx: { http: HttpClient; signal?: AbortSignal }, walk: PageWalk): Promise<FirstPage> {
  for await (const page of walkPages(ctx, walk)) {
    return { records: page.records, body: page.body, more: walk.paginator.next(page.response, page.body, page.records) !== undefined };
  }
  return { records: [], body: undefined, more: false };
}

export interface ListSize {
  /** Records expected; undefined when the first page gives no way to tell. */
  records?: number;
  /** Requests (pages) expected. */
  requests: number;
  basis: string;
}

/**
 * The size of a list from its first page: the whole list when there is no more; else the
 * envelope's total (`total`), else, for a list ordered by a time cursor, the first page's records
 * per second over its span, extrapolated to `nowSeconds`; else at least two pages, size unknown.
 */
export function sizeFromFirstPage(
  page: FirstPage,
  options: { total?: number; cursorOf?: (record: StreamRecord) => number | undefined; nowSeconds: number; pageSize?: number },
): ListSize {
  const n = page.records.length;
  if (!page.more) return { records: n, requests: 1, basis: "first page (the whole list)" };
  const perPage = Math.max(1, options.pageSize ?? n);
  if (options.total !== undefined && options.total >= n) {
    return { records: options.total, requests: Math.max(1, Math.ceil(options.total / perPage)), basis: "first page (its total)" };
  }
  const cursors = options.cursorOf ? page.records.map(options.cursorOf).filter((c): c is number => c !== undefined) : [];
  if (cursors.length >= 2) {
    const first = Math.min(...cursors);
    const last = Math.max(...cursors);
    if (last > first) {
      const records = Math.round(n + (Math.max(0, options.nowSeconds - last) * (n - 1)) / (last - first));
      return { records, requests: Math.max(1, Math.ceil(records / perPage)), basis: "first page, extrapolated over time" };
    }
  }
  return { records: undefined, requests: 2, basis: "first page (more pages, total unknown: at least 2)" };
}

/** Pages of `records` at `pageSize` per page: at least one request, which answers even an empty list. */
export function pagesFor(records: number, pageSize: number): number {
  return Math.max(1, Math.ceil(records / Math.max(1, pageSize)));
}
