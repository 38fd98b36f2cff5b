/**
 * Compact, seekable indexes for list endpoints that must page a 1,000,000-ticket account without
 * building (or sorting) the whole list: typed arrays of (key, id) entries plus a few numeric
 * columns per entry, so a filter can be tested without generating the record.
 * - `SortedEntries`: any (key, id) entries sorted ascending, with binary searches;
 * - `Table`: entries sorted by (key, id) with `src` (the record an entry derives from), `val` and
 *   `code` columns; `Table.merge` patches a table built once from base facts with the entries of
 *   the records edited since (O(n) typed copies per account revision, no sort of the base).
 * The list endpoints walk them with `entriesSource` (../pagination/entries-source.ts).
 */

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
