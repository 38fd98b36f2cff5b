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

/** How many records of a list in cursor (time) order fall in a time range, as two first pages tell. */
export interface TimeDensity {
  /** Records with a cursor in [from, until) (unix seconds); until defaults to now. */
  between(from: number, until?: number): number;
  /** The first page's records. */
  sample: StreamRecord[];
  /** Requests the two first pages sent (1 or 2). */
  probes: number;
  basis: string;
}

/**
 * The density of a list in cursor (time) order from two first pages: one from the start, one from
 * halfway between its first record and now. Records per second rise linearly from the first
 * page's rate to the halfway page's (a history that ramps up), and stay at the halfway rate after
 * it. A page that ends the list is counted as is.
 */
export async function densityOverTime(options: {
  /** Reads the first page of the list from a start (unix seconds). */
  firstPageFrom(start: number): Promise<FirstPage>;
  start: number;
  cursorOf(record: StreamRecord): number | undefined;
  nowSeconds: number;
}): Promise<TimeDensity> {
  const { cursorOf, nowSeconds } = options;
  const first = await options.firstPageFrom(options.start);
  const counted = (records: StreamRecord[]) => (from: number, until = nowSeconds) =>
    records.filter((r) => {
      const c = cursorOf(r);
      return c !== undefined && c >= from && c < until;
    }).length;
  const span = spanOf(first.records, cursorOf);
  if (!first.more) return { between: counted(first.records), sample: first.records, probes: 1, basis: "first page (the whole list)" };
  if (!span) return { between: () => first.records.length, sample: first.records, probes: 1, basis: "first page (more pages, no time span: at least one page)" };
  const t0 = span.from;
  const mid = Math.floor(t0 + (nowSeconds - t0) / 2);
  const r1 = rate(span);
  if (mid <= span.to) {
    return { between: (from, until = nowSeconds) => r1 * overlap(from, until, t0, nowSeconds), sample: first.records, probes: 1, basis: "first page, extrapolated over time" };
  }
  const second = await options.firstPageFrom(mid);
  const later = spanOf(second.records, cursorOf);
  const r2 = later ? rate(later) : r1;
  const ramp = (from: number, until: number) => {
    // ∫ of r1 + (r2 − r1)(t − t0)/(mid − t0) over [from, until] ∩ [t0, mid]
    const a = Math.max(from, t0);
    const b = Math.min(until, mid);
    if (b <= a) return 0;
    return r1 * (b - a) + ((r2 - r1) / (mid - t0)) * (((b - t0) ** 2 - (a - t0) ** 2) / 2);
  };
  const tail = second.more ? (from: number, until: number) => r2 * overlap(from, until, mid, nowSeconds) : counted(second.records);
  return {
    between: (from, until = nowSeconds) => Math.max(0, ramp(from, until) + tail(Math.max(from, mid), until)),
    sample: first.records,
    probes: 2,
    basis: "two first pages (start, halfway), extrapolated over time",
  };
}

/** The size of a list in cursor (time) order (see `densityOverTime`), in records and pages. */
export async function sizeOverTime(options: Parameters<typeof densityOverTime>[0] & { pageSize?: number }): Promise<ListSize & { sample: StreamRecord[] }> {
  const density = await densityOverTime(options);
  const records = Math.max(density.sample.length, Math.round(density.between(options.start)));
  const perPage = Math.max(1, options.pageSize ?? density.sample.length);
  const whole = density.basis === "first page (the whole list)";
  return { records, requests: whole ? 1 : pagesFor(records, perPage), basis: density.basis, sample: density.sample };
}

const overlap = (from: number, until: number, a: number, b: number) => Math.max(0, Math.min(until, b) - Math.max(from, a));

function spanOf(records: StreamRecord[], cursorOf: (r: StreamRecord) => number | undefined): { from: number; to: number; n: number } | undefined {
  const cursors = records.map(cursorOf).filter((c): c is number => c !== undefined);
  if (cursors.length < 2) return undefined;
  const from = Math.min(...cursors);
  const to = Math.max(...cursors);
  return to > from ? { from, to, n: cursors.length } : undefined;
}

const rate = (s: { from: number; to: number; n: number }) => (s.n - 1) / (s.to - s.from);
