/**
 * Compact, seekable indexes for list endpoints that must page a 1,000,000-ticket account without
 * building (or sorting) the whole list: typed arrays of (key, id) entries plus a few numeric
 * columns per entry, so a filter can be tested without generating the record and a page only
 * generates its own records.
 *
 * - `BaseTicketFacts`: times, status and rating score of every base ticket, recorded by the
 *   account's start-up pass (the same `ticketFacts` call), 14 bytes a ticket.
 * - `Table`: entries sorted by (key, id) with `src` (the record an entry derives from), `val` and
 *   `code` columns; `Table.merge` patches a table built once from base facts with the entries of
 *   the records edited since (O(n) typed copies per account revision, no sort of the base).
 * - `entriesSource`: an `OrderedSource` over any sorted (key, id) entries, ascending or
 *   descending by key with ids ascending on ties (the order every list here uses), with a cheap
 *   `include` filter on entry positions, an optional key range, and `skipBuild` for offset pages
 *   (the records before the page are counted, not generated).
 */
import type { SortValue } from "../pagination/cursor.js";
import type { OrderedSource } from "../pagination/source.js";
import type { Account } from "./account.js";
import { LazyMap } from "./lazy-map.js";
import type { TicketFacts } from "./tickets.js";

// ---- base ticket facts ------------------------------------------------------------

export const STATUS_CODES = ["new", "open", "pending", "hold", "solved", "closed", "deleted"] as const;
export const SCORE_CODES = [null, "unoffered", "offered", "good", "bad"] as const;
export const statusCode = (s: unknown): number => {
  const i = (STATUS_CODES as readonly unknown[]).indexOf(s);
  return i < 0 ? 255 : i;
};
export const scoreCode = (s: unknown): number => {
  const i = (SCORE_CODES as readonly unknown[]).indexOf(s ?? null);
  return i < 0 ? 255 : i;
};

/** What list indexes need of each base ticket (index i = ticket id i + 1), as typed arrays (22 bytes a ticket). */
export class BaseTicketFacts {
  readonly created: Uint32Array;
  readonly updated: Uint32Array;
  readonly generated: Uint32Array;
  readonly status: Uint8Array;
  readonly score: Uint8Array;
  /** assignee id, 0 for none */
  readonly assignee: Float64Array;
  constructor(readonly count: number) {
    this.created = new Uint32Array(count);
    this.updated = new Uint32Array(count);
    this.generated = new Uint32Array(count);
    this.status = new Uint8Array(count);
    this.score = new Uint8Array(count);
    this.assignee = new Float64Array(count);
  }
  set(i: number, f: TicketFacts): void {
    this.created[i] = f.created;
    this.updated[i] = f.updated;
    this.generated[i] = f.generatedTimestamp;
    this.status[i] = statusCode(f.status);
    this.score[i] = scoreCode(f.satisfactionScore);
    this.assignee[i] = f.assigneeId ?? 0;
  }
}

/**
 * Ids of the records of a LazyMap written since start-up (edited base records and new ones):
 * the only records that can differ from what their base facts say. For a plain Map: every id.
 */
export function ownIds(map: Map<number, unknown>): number[] {
  return map instanceof LazyMap ? [...map.heldIds()] : [...map.keys()];
}

// ---- per-revision caches ---------------------------------------------------------------

/** The ids of the tickets written since start-up, per account revision. */
export function editedTickets(account: Account): Set<number> {
  return perAccountRevision(account, "edited-tickets", () => new Set(account.editedTicketIds()));
}

/** A ticket's current assignee id (null: none; undefined: no such ticket), from base facts unless it was written since start-up. */
export function ticketAssignee(account: Account, ticketId: number): number | null | undefined {
  const f = account.baseTicketFacts;
  if (Number.isInteger(ticketId) && ticketId >= 1 && ticketId <= f.count && !editedTickets(account).has(ticketId)) return f.assignee[ticketId - 1] || null;
  const t = account.tickets.get(ticketId);
  return t ? ((t.assignee_id as number | null) ?? null) : undefined;
}

const caches = new WeakMap<object, Map<string, { revision: number; value: unknown }>>();

/** `compute()` once per `revision` of `owner` (and `key`). */
export function cachedPer<T>(owner: object, key: string, revision: number, compute: () => T): T {
  let byKey = caches.get(owner);
  if (!byKey) caches.set(owner, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && hit.revision === revision) return hit.value as T;
  const value = compute();
  byKey.set(key, { revision, value });
  return value;
}

/** `compute()` once per account revision. */
export function perAccountRevision<T>(account: Account, key: string, compute: () => T): T {
  return cachedPer(account, key, account.revision, compute);
}

/** Ids of the tickets whose status is "deleted" (deletion facts plus edited records), per revision. */
export function deletedTicketIds(account: Account): Set<number> {
  return perAccountRevision(account, "list:deleted-tickets", () => {
    const out = new Set<number>();
    for (const [id, meta] of account.ticketMeta) if (meta.deletedAt != null) out.add(id);
    for (const id of account.editedTicketIds()) {
      if (account.tickets.get(id)?.status === "deleted") out.add(id);
      else out.delete(id);
    }
    return out;
  });
}

/** `compute()` once per account (for tables of base records, which never change). */
export function perAccount<T>(account: Account, key: string, compute: () => T): T {
  return cachedPer(account, key, -1, compute);
}

// ---- sorted entries ------------------------------------------------------------------

/** Entries sorted ascending by (key, id). */
export interface SortedEntries {
  readonly size: number;
  keyAt(p: number): number;
  idAt(p: number): number;
}

/** First position whose entry is >= (key, id). */
export function lowerBound(e: SortedEntries, key: number, id: number): number {
  let lo = 0;
  let hi = e.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = e.keyAt(mid);
    if (k < key || (k === key && e.idAt(mid) < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose entry is > (key, id). */
export function upperBound(e: SortedEntries, key: number, id: number): number {
  let lo = 0;
  let hi = e.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = e.keyAt(mid);
    if (k < key || (k === key && e.idAt(mid) <= id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Entries whose key equals their id, ids ascending (lists by id): `idAt(p)` = `keyAt(p)`. */
export function idEntries(size: number, idAt: (p: number) => number): SortedEntries {
  return { size, keyAt: idAt, idAt };
}

/** Sorted (key, id) entries with three more columns: `src` (source record id), `val`, `code`. */
export class Table implements SortedEntries {
  constructor(
    readonly size: number,
    readonly keys: Float64Array,
    readonly ids: Float64Array,
    readonly src: Float64Array,
    readonly val: Float64Array,
    readonly code: Uint8Array,
  ) {}
  keyAt(p: number): number {
    return this.keys[p];
  }
  idAt(p: number): number {
    return this.ids[p];
  }

  /**
   * `base` without the entries whose `src` is in `drop`, plus the entries of `extra`: one merge
   * pass, no sort (`extra` is small: the records edited since start-up).
   */
  static merge(base: Table, drop: Set<number>, extra: Table): Table {
    if (drop.size === 0 && extra.size === 0) return base;
    const cap = base.size + extra.size;
    const out = new TableBuilder(cap);
    let i = 0;
    let j = 0;
    while (i < base.size || j < extra.size) {
      const takeBase =
        j >= extra.size || (i < base.size && (base.keys[i] < extra.keys[j] || (base.keys[i] === extra.keys[j] && base.ids[i] <= extra.ids[j])));
      if (takeBase) {
        if (!drop.has(base.src[i])) out.push(base.keys[i], base.ids[i], base.src[i], base.val[i], base.code[i]);
        i++;
      } else {
        out.push(extra.keys[j], extra.ids[j], extra.src[j], extra.val[j], extra.code[j]);
        j++;
      }
    }
    return out.sorted();
  }
}

/** Collects entries in any order; `build()` sorts them once by (key, id). */
export class TableBuilder {
  private n = 0;
  private keys: Float64Array;
  private ids: Float64Array;
  private src: Float64Array;
  private val: Float64Array;
  private code: Uint8Array;
  constructor(capacity = 16) {
    const c = Math.max(16, Math.ceil(capacity));
    this.keys = new Float64Array(c);
    this.ids = new Float64Array(c);
    this.src = new Float64Array(c);
    this.val = new Float64Array(c);
    this.code = new Uint8Array(c);
  }
  get size(): number {
    return this.n;
  }
  push(key: number, id: number, src = 0, val = 0, code = 0): void {
    if (this.n === this.keys.length) this.grow();
    const n = this.n++;
    this.keys[n] = key;
    this.ids[n] = id;
    this.src[n] = src;
    this.val[n] = val;
    this.code[n] = code;
  }
  private grow(): void {
    const c = this.keys.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    this.keys = f(this.keys);
    this.ids = f(this.ids);
    this.src = f(this.src);
    this.val = f(this.val);
    const code = new Uint8Array(c);
    code.set(this.code);
    this.code = code;
  }
  /** The entries as pushed, which the caller guarantees are already sorted. */
  sorted(): Table {
    const n = this.n;
    return new Table(n, this.keys.slice(0, n), this.ids.slice(0, n), this.src.slice(0, n), this.val.slice(0, n), this.code.slice(0, n));
  }
  build(): Table {
    const n = this.n;
    const { keys, ids } = this;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (keys[i - 1] > keys[i] || (keys[i - 1] === keys[i] && ids[i - 1] > ids[i])) sorted = false;
    if (sorted) return this.sorted();
    order.sort((a, b) => keys[a] - keys[b] || ids[a] - ids[b]);
    const t = new Table(n, new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Uint8Array(n));
    for (let i = 0; i < n; i++) {
      const o = order[i];
      t.keys[i] = keys[o];
      t.ids[i] = ids[o];
      t.src[i] = this.src[o];
      t.val[i] = this.val[o];
      t.code[i] = this.code[o];
    }
    return t;
  }
}

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
