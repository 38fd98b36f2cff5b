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

/**
 * The size of a list in cursor (time) order from two first pages: one from the start, one from
 * halfway between the first record and now. Records per second at the start and at halfway are
 * taken from each page's span; the first half is sized with their mean (a history that ramps up),
 * the second with the halfway rate. One page is enough when the list ends on it.
 */
export async function sizeOverTime(options: {
  /** Reads the first page of the list from a start (unix seconds). */
  firstPageFrom(start: number): Promise<FirstPage>;
  start: number;
  cursorOf(record: StreamRecord): number | undefined;
  nowSeconds: number;
  /** Records per page of the read (default: the first page's size). */
  pageSize?: number;
}): Promise<ListSize & { /** The first page's records. */ sample: StreamRecord[] }> {
  const first = await options.firstPageFrom(options.start);
  const perPage = Math.max(1, options.pageSize ?? first.records.length);
  const span = spanOf(first.records, options.cursorOf);
  if (!first.more || !span) return { ...sizeFromFirstPage(first, { ...options, cursorOf: options.cursorOf }), sample: first.records };
  const mid = Math.floor(span.from + (options.nowSeconds - span.from) / 2);
  if (mid <= span.to) return { ...sizeFromFirstPage(first, options), sample: first.records };
  const second = await options.firstPageFrom(mid);
  const later = spanOf(second.records, options.cursorOf);
  let records: number;
  if (!second.more) records = rate(span) * (mid - span.from) + second.records.length;
  else if (!later) return { ...sizeFromFirstPage(first, options), sample: first.records };
  else records = ((rate(span) + rate(later)) / 2) * (mid - span.from) + rate(later) * (options.nowSeconds - mid);
  records = Math.max(first.records.length, Math.round(records));
  return { records, requests: pagesFor(records, perPage), basis: "two first pages (start, halfway), extrapolated over time", sample: first.records };
}

function spanOf(records: StreamRecord[], cursorOf: (r: StreamRecord) => number | undefined): { from: number; to: number; n: number } | undefined {
  const cursors = records.map(cursorOf).filter((c): c is number => c !== undefined);
  if (cursors.length < 2) return undefined;
  const from = Math.min(...cursors);
  const to = Math.max(...cursors);
  return to > from ? { from, to, n: cursors.length } : undefined;
}

const rate = (s: { from: number; to: number; n: number }) => (s.n - 1) / (s.to - s.from);
