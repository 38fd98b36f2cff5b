/**
 * What a list endpoint pages through. A plain sorted array works for small collections; at
 * 1,000,000 tickets a list must not be built (or sorted) per request, so an `OrderedSource`
 * seeks to the cursor position in an index and generates only the records of the page.
 */
import { compareKeys, type CursorOrder, type SortValue } from "./cursor.js";

export interface OrderedSource<T> {
  /** Records in list order, starting just after `after` (exclusive), or at the start. */
  forward(after?: SortValue[]): Iterable<T>;
  /** Records in reverse list order, starting just before `before` (exclusive). */
  backward(before: SortValue[]): Iterable<T>;
  /** How many records the whole list holds (offset pages report it as `count`). */
  count(): number;
}

/** The records of an already sorted array (the small-collection case). */
export function arraySource<T>(sorted: readonly T[], order: CursorOrder<T>): OrderedSource<T> {
  return {
    *forward(after) {
      let i = 0;
      if (after) while (i < sorted.length && compareKeys(order.key(sorted[i]), after, order.dirs) <= 0) i++;
      for (; i < sorted.length; i++) yield sorted[i];
    },
    *backward(before) {
      let i = sorted.length - 1;
      while (i >= 0 && compareKeys(order.key(sorted[i]), before, order.dirs) >= 0) i--;
      for (; i >= 0; i--) yield sorted[i];
    },
    count: () => sorted.length,
  };
}

/** Up to `n` items of an iterable (stops the iteration early). */
export function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const it of items) {
    out.push(it);
    if (out.length >= n) break;
  }
  return out;
}

export function isOrderedSource<T>(x: readonly T[] | OrderedSource<T>): x is OrderedSource<T> {
  return !Array.isArray(x);
}

/** The read side of a (key, id) index (data/sorted-index.ts). */
export interface KeyIdIndex {
  readonly size: number;
  keyAt(i: number): number;
  idAt(i: number): number;
  lowerBound(key: number, id: number): number;
  upperBound(key: number, id: number): number;
}

export interface IndexSourceOptions<T> {
  /** the record of an index entry, or undefined to skip the entry (e.g. filtered out) */
  get: (id: number, key: number) => T | undefined;
  /** the (key, id) of a cursor's sort values (default: the first two values) */
  position?: (v: SortValue[]) => [number, number];
  /** list order is descending (key, id) */
  descending?: boolean;
  /** the number of records the list holds (default: the index size, i.e. no entry is skipped) */
  count?: () => number;
  /** only entries with key >= from (and < to) belong to the list */
  keyRange?: { from?: number; to?: number };
}

/**
 * A list walked along a (key, id) index: the cursor position is found by binary search and only
 * the records of the page are looked up. Entries `get` answers undefined for are skipped.
 */
export function indexSource<T>(index: KeyIdIndex, o: IndexSourceOptions<T>): OrderedSource<T> {
  const position = o.position ?? ((v: SortValue[]) => [Number(v[0]), Number(v[1])] as [number, number]);
  const lo = () => (o.keyRange?.from === undefined ? 0 : index.lowerBound(o.keyRange.from, -Infinity));
  const hi = () => (o.keyRange?.to === undefined ? index.size : index.lowerBound(o.keyRange.to, -Infinity));
  function* up(from: number): Generator<T> {
    for (let i = Math.max(from, lo()), end = hi(); i < end; i++) {
      const r = o.get(index.idAt(i), index.keyAt(i));
      if (r !== undefined) yield r;
    }
  }
  function* down(from: number): Generator<T> {
    for (let i = Math.min(from, hi() - 1), end = lo(); i >= end; i--) {
      const r = o.get(index.idAt(i), index.keyAt(i));
      if (r !== undefined) yield r;
    }
  }
  // ascending: "after" is the first entry > position; descending: the first entry < position
  const afterAsc = (v?: SortValue[]) => (v ? index.upperBound(...position(v)) : 0);
  const beforeAsc = (v: SortValue[]) => index.lowerBound(...position(v)) - 1;
  return {
    forward: (after) => (o.descending ? down(after ? beforeAsc(after) : hi() - 1) : up(afterAsc(after))),
    backward: (before) => (o.descending ? up(afterAsc(before)) : down(beforeAsc(before))),
    count: o.count ?? (() => hi() - lo()),
  };
}
