/**
 * Records ordered by (key, id): the order every export and list walks. Kept
 * sorted on each write so reads are binary searches.
 */
export interface Entry {
  key: number;
  id: number;
}

export function compareEntry(a: Entry, b: Entry): number {
  return a.key - b.key || a.id - b.id;
}

export class SortedIndex {
  private entries: Entry[] = [];

  get size(): number {
    return this.entries.length;
  }
  at(i: number): Entry {
    return this.entries[i];
  }
  /** Bulk load, then sort once. */
  load(entries: Entry[]): void {
    this.entries = entries.slice().sort(compareEntry);
  }
  /** First position whose entry is >= (key, id). */
  lowerBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid];
      if (e.key < key || (e.key === key && e.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** First position whose entry is > (key, id). */
  upperBound(key: number, id: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid];
      if (e.key < key || (e.key === key && e.id <= id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  insert(key: number, id: number): void {
    this.entries.splice(this.lowerBound(key, id), 0, { key, id });
  }
  remove(key: number, id: number): void {
    const i = this.lowerBound(key, id);
    const e = this.entries[i];
    if (e && e.key === key && e.id === id) this.entries.splice(i, 1);
  }
}
