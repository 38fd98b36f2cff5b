/**
 * Seeded pseudo-random numbers. Everything the simulator invents derives from
 * (seed, stream, index) through these helpers, so the same seed always yields
 * the same account, and any single record can be regenerated on its own.
 */

/** mulberry32: tiny, fast, good enough for test data. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a hash of a string, used to mix labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Mix several integers into one 32-bit seed. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= (p >>> 0) + 0x9e3779b9 + ((h << 6) >>> 0) + (h >>> 2);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h >>> 0;
}

/** `mix(a, b, c)` without the rest-parameter array (same result). */
export function mix3(a: number, b: number, c: number): number {
  let h = 0x9e3779b9;
  h ^= (a >>> 0) + 0x9e3779b9 + ((h << 6) >>> 0) + (h >>> 2);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h ^= (b >>> 0) + 0x9e3779b9 + ((h << 6) >>> 0) + (h >>> 2);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h ^= (c >>> 0) + 0x9e3779b9 + ((h << 6) >>> 0) + (h >>> 2);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h >>> 0;
}

const LABEL_HASHES = new Map<string, number>();
/** `hashString(label)`, memoised: labels are a small fixed set, and hashing one per record showed in profiles. */
export function labelHash(label: string): number {
  let h = LABEL_HASHES.get(label);
  if (h === undefined) {
    h = hashString(label);
    if (LABEL_HASHES.size < 10_000) LABEL_HASHES.set(label, h);
  }
  return h;
}

/** A weight table prepared once for `Rng.pickWeighted` (same draw and result as `Rng.weighted`). */
export interface WeightTable<T> {
  readonly values: readonly T[];
  readonly weights: readonly number[];
  readonly total: number;
}
export function weightTable<T>(items: readonly (readonly [T, number])[]): WeightTable<T> {
  return { values: items.map(([v]) => v), weights: items.map(([, w]) => w), total: items.reduce((s, [, w]) => s + w, 0) };
}

/** A small convenience wrapper with the distributions the generators need. */
export class Rng {
  /** mulberry32 state (the same sequence as `mulberry32(seed)`) */
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** A generator for record `index` of `label`, independent of every other record. */
  static for(seed: number, label: string, index: number): Rng {
    return new Rng(mix3(seed, labelHash(label), index));
  }
  /** `Rng.for` with the label already hashed (`labelHash(label)`). */
  static forHash(seed: number, labelHash: number, index: number): Rng {
    return new Rng(mix3(seed, labelHash, index));
  }
  private next(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) >>> 0);
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Pick with weights (need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (let i = 0; i < items.length; i++) total += items[i][1];
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= items[i][1];
      if (r < 0) return items[i][0];
    }
    return items[items.length - 1][0];
  }
  /** `weighted` over a prepared table: the same draw and the same result, no per-call sums. */
  pickWeighted<T>(table: WeightTable<T>): T {
    return table.values[this.weightedIndex(table)];
  }
  /** Index into the table `weighted` would pick. */
  weightedIndex(table: WeightTable<unknown>): number {
    let r = this.next() * table.total;
    const w = table.weights;
    for (let i = 0; i < w.length; i++) {
      r -= w[i];
      if (r < 0) return i;
    }
    return w.length - 1;
  }
  /** Zipf-like index in [0, n): small indexes are much more likely. */
  zipf(n: number, s = 1.1): number {
    // inverse-CDF approximation of a bounded power law
    const u = this.next();
    const x = Math.floor(Math.pow(n + 1, Math.pow(u, s)) - 1);
    return Math.min(n - 1, Math.max(0, x));
  }
  /** k distinct items (the same draws and result as drawing from a shrinking copy of `items`, without the copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const out: T[] = [];
    const n = items.length;
    if (k === 1 && n > 0) {
      out.push(items[Math.floor(this.next() * n)]);
      return out;
    }
    const taken: number[] = [];
    for (let i = 0; i < k && i < n; i++) out.push(items[this.nextUntaken(taken, n - i)]);
    return out;
  }
  /** `sample(items, k).join(sep)` without the arrays. */
  sampleJoin(items: readonly string[], k: number, sep: string): string {
    const n = items.length;
    const taken: number[] = [];
    let s = "";
    for (let i = 0; i < k && i < n; i++) {
      const idx = this.nextUntaken(taken, n - i);
      s = i === 0 ? items[idx] : s + sep + items[idx];
    }
    return s;
  }
  /**
   * `sample(items, k)` pushed onto `out` with `sep` between the items (the same draws), e.g. the
   * parts of a sentence list to join, without the intermediate arrays.
   */
  sampleInto<T>(items: readonly T[], k: number, sep: T, out: T[]): T[] {
    const n = items.length;
    const taken: number[] = [];
    for (let i = 0; i < k && i < n; i++) {
      if (i > 0) out.push(sep);
      out.push(items[this.nextUntaken(taken, n - i)]);
    }
    return out;
  }
  /** Draws a position among the `remaining` items not in `taken` (sorted), records and returns its index. */
  private nextUntaken(taken: number[], remaining: number): number {
    let idx = Math.floor(this.next() * remaining);
    let at = 0;
    for (; at < taken.length && taken[at] <= idx; at++) idx++;
    taken.splice(at, 0, idx);
    return idx;
  }
  hex(len: number): string {
    let s = "";
    for (let i = 0; i < len; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }
}
const HEX = "0123456789abcdef";
