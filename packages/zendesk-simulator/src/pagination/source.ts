/**
 * What a list endpoint pages through. A plain sorted array works for small collections; at
 * 1,000,000 tickets a list must not be built (or sorted) per request, so an `OrderedSource`
 * seeks to the cursor position in an index and generates only the records of the page
 * (`entriesSource` in ./entries-source.ts walks any sorted (key, id) entries). The list orders
 * (`CursorOrder`: a label and sort key per record) live here too, so every pagination module
 * depends on this one and it on none.
 */

/** One component of a list's sort key. */
export type SortValue = number | string;

export interface CursorOrder<T> {
  /** Order label inside the cursor, e.g. "name,id" or "-score,id". */
  label: string;
  key: (item: T) => SortValue[];
  /** 1 ascending, -1 descending, per key component. */
  dirs: (1 | -1)[];
}

export function compareKeys(a: SortValue[], b: SortValue[], dirs: (1 | -1)[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = dirs[i] ?? 1;
    if (a[i] < b[i]) return -d;
    if (a[i] > b[i]) return d;
  }
  return 0;
}

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
