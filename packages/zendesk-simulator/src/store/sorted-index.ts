/**
 * Records ordered by (key, id): the order every export and list walks. Kept
 * sorted on each write so reads are binary searches. Stored in two growable
 * Float64Arrays (16 bytes an entry), so a million-ticket index is 16 MB and
 * no garbage-collected objects.
 */
export interface Entry {
  key: number;
  id: number;
}

export function compareEntry(a: Entry, b: Entry): number {
  return a.key - b.key || a.id - b.id;
}

export class SortedIndex {
  private keys = new Float64Array(16);
  private ids = new Float64Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }
  at(i: number): Entry {
    return { key: this.keys[i], id: this.ids[i] };
  }
  keyAt(i: number): number {
    return this.keys[i];
  }
  idAt(i: number): number {
    return this.ids[i];
  }
  /** Bulk load, then sort once. */
  load(entries: Entry[]): void {
    const keys = new Float64Array(entries.length);
    const ids = new Float64Array(entries.length);
    entries.forEach((e, i) => {
      keys[i] = e.key;
      ids[i] = e.id;
    });
    this.loadArrays(keys, ids);
  }
  /** Bulk load from parallel arrays (not kept), then sort once. */
  loadArrays(keys: Float64Array, ids: Float64Array): void {
    const n = keys.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keys[a] - keys[b] || ids[a] - ids[b]);
    this.keys = new Float64Array(Math.max(16, n));
    this.ids = new Float64Array(Math.max(16, n));
    for (let i = 0; i < n; i++) {
      this.keys[i] = keys[order[i]];
      this.ids[i] = ids[order[i]];
    }
    this.n = n;
  }
  /** First position whose entry is >= (key, id). */
  lowerBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid];
      if (k < key || (k === key && this.ids[mid] < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** First position whose entry is > (key, id). */
  upperBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid];
      if (k < key || (k === key && this.ids[mid] <= id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  insert(key: number, id: number): void {
    if (this.n === this.keys.length) {
      const cap = this.keys.length * 2;
      const k = new Float64Array(cap);
      const d = new Float64Array(cap);
      k.set(this.keys);
      d.set(this.ids);
      this.keys = k;
      this.ids = d;
    }
    const i = this.lowerBound(key, id);
    this.keys.copyWithin(i + 1, i, this.n);
    this.ids.copyWithin(i + 1, i, this.n);
    this.keys[i] = key;
    this.ids[i] = id;
    this.n++;
  }
  remove(key: number, id: number): void {
    const i = this.lowerBound(key, id);
    if (i < this.n && this.keys[i] === key && this.ids[i] === id) {
      this.keys.copyWithin(i, i + 1, this.n);
      this.ids.copyWithin(i, i + 1, this.n);
      this.n--;
    }
  }
}
