/**
 * `entriesSource`: an `OrderedSource` over any sorted (key, id) entries (../store/sorted-entries.ts),
 * ascending or descending by key with ids ascending on ties (the order every list here uses), with
 * a cheap `include` filter on entry positions, an optional key range, and `skipBuild` for offset
 * pages (the records before the page are counted, not generated).
 */
import { lowerBound, upperBound, type SortedEntries } from "../store/sorted-entries.js";
import type { OrderedSource, SortValue } from "./source.js";

// ---- ordered sources over entries ------------------------------------------------------

export interface EntriesSourceOptions<T> {
  /** key descending, ids ascending on ties (default: ascending by (key, id)) */
  descending?: boolean;
  /** cheap filter on an entry position (typed-array lookups); entries it rejects are not built */
  include?: (p: number) => boolean;
  /** the record of entry `p`, or undefined to skip it */
  build: (p: number) => T | undefined;
  /** only entries with from <= key < to */
  keyRange?: { from?: number; to?: number };
  /** the cursor's sort values as (key, id) (default: the first two values) */
  position?: (v: SortValue[]) => [number, number];
  /** the number of records of the list (default: the entries in range that `include` accepts) */
  count?: () => number;
  /**
   * Offset pages: yield `placeholder` for the first `n` entries `include` accepts, without
   * building them (offsetPage drops them). Only valid when `build` never skips an included entry.
   */
  skipBuild?: { n: number; placeholder: T };
}

/**
 * A list walked along sorted entries: the cursor position is found by binary search and only the
 * records of the page (plus the entries `include` rejects on the way) are looked at.
 */
export function entriesSource<T>(e: SortedEntries, o: EntriesSourceOptions<T>): OrderedSource<T> {
  const position = o.position ?? ((v: SortValue[]) => [Number(v[0]), Number(v[1])] as [number, number]);
  const lo = o.keyRange?.from === undefined ? 0 : lowerBound(e, o.keyRange.from, -Infinity);
  const hi = Math.max(lo, o.keyRange?.to === undefined ? e.size : lowerBound(e, o.keyRange.to, -Infinity));
  const include = o.include;
  let skipped = 0;
  function* emit(p: number): Generator<T> {
    if (include && !include(p)) return;
    if (o.skipBuild && skipped < o.skipBuild.n) {
      skipped++;
      yield o.skipBuild.placeholder;
      return;
    }
    const r = o.build(p);
    if (r !== undefined) yield r;
  }
  function* up(from: number, to = hi): Generator<T> {
    for (let p = Math.max(from, lo), end = Math.min(to, hi); p < end; p++) yield* emit(p);
  }
  function* down(from: number, to = lo): Generator<T> {
    for (let p = Math.min(from, hi - 1), end = Math.max(to, lo); p >= end; p--) yield* emit(p);
  }
  /** descending order: the groups of equal keys from the one ending before `end`, downwards; ids ascending inside a group */
  function* groupsDown(end: number): Generator<T> {
    let gEnd = Math.min(end, hi);
    while (gEnd > lo) {
      const gStart = Math.max(lo, lowerBound(e, e.keyAt(gEnd - 1), -Infinity));
      yield* up(gStart, gEnd);
      gEnd = gStart;
    }
  }
  /** reverse of the descending order: groups from the one starting at `start`, upwards; ids descending inside a group */
  function* groupsUp(start: number): Generator<T> {
    let gStart = Math.max(start, lo);
    while (gStart < hi) {
      const gEnd = Math.min(hi, upperBound(e, e.keyAt(gStart), Infinity));
      yield* down(gEnd - 1, gStart);
      gStart = gEnd;
    }
  }
  let counted: number | undefined;
  return {
    *forward(after) {
      if (!o.descending) {
        yield* up(after ? upperBound(e, ...position(after)) : lo);
        return;
      }
      if (!after) {
        yield* groupsDown(hi);
        return;
      }
      const [k, id] = position(after);
      // the rest of the cursor's own group (ids above the cursor's), then the lower keys
      yield* up(upperBound(e, k, id), upperBound(e, k, Infinity));
      yield* groupsDown(lowerBound(e, k, -Infinity));
    },
    *backward(before) {
      const [k, id] = position(before);
      if (!o.descending) {
        yield* down(lowerBound(e, k, id) - 1);
        return;
      }
      // the cursor's own group below the cursor's id (descending), then the higher keys
      yield* down(lowerBound(e, k, id) - 1, lowerBound(e, k, -Infinity));
      yield* groupsUp(upperBound(e, k, Infinity));
    },
    count:
      o.count ??
      (() => {
        if (counted === undefined) {
          if (!include) counted = hi - lo;
          else {
            let c = 0;
            for (let p = lo; p < hi; p++) if (include(p)) c++;
            counted = c;
          }
        }
        return counted;
      }),
  };
}

/**
 * Where an offset page of `query` starts (the records before it need not be generated), as
 * `offsetPage` computes it; 0 when the parameters are invalid (offsetPage rejects those).
 */
export function offsetStart(query: URLSearchParams, defaultPerPage = 100, maxPerPage = 100): number {
  const num = (name: string): number | undefined => {
    const v = query.get(name);
    if (v == null || v === "") return undefined;
    return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  };
  const page = num("page") ?? 1;
  const perPage = num("per_page") ?? defaultPerPage;
  if (!(page >= 1) || !(perPage >= 1)) return 0;
  return (page - 1) * Math.min(perPage, maxPerPage);
}

/** What offset pages drop (never serialised). */
export const PLACEHOLDER = Object.freeze({}) as never;
