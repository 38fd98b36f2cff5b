/**
 * A Map of records of which the base ones are generated on demand from their
 * index (seed, index) instead of being held in memory: only records written
 * since start-up (overrides and new records) live in the Map itself, plus a
 * small LRU cache of generated ones. Iteration order is the Map's would be:
 * base records by index, then new records in insertion order. This is what
 * lets a 1,000,000-ticket account start in bounded memory.
 */
import { LruCache } from "./lru.js";
import type { JsonObject } from "../core/types.js";

export interface LazyBase<V> {
  /** number of base records (indexes 0..count-1) */
  count: number;
  idAt(index: number): number;
  /** index of a base id, or -1 */
  indexOf(id: number): number;
  generate(index: number): V;
}

export class LazyMap<V = JsonObject> extends Map<number, V> {
  private readonly cache: LruCache<number, V>;
  private extra = 0;
  private ready = false;

  /**
   * `cacheSize`: generated records kept (LRU) for repeated gets of the same record. Small on
   * purpose: a cache larger than what the young generation holds between scavenges (a few thousand
   * tickets) makes every record of an export walk survive, get copied and promoted, which cost more
   * CPU than generating them.
   */
  constructor(private readonly base: LazyBase<V>, cacheSize = 256) {
    super();
    this.cache = new LruCache(cacheSize);
    this.ready = true;
  }

  override get(id: number): V | undefined {
    const own = super.get(id);
    if (own !== undefined) return own;
    const i = this.base.indexOf(id);
    if (i < 0) return undefined;
    return this.cache.through(id, () => this.base.generate(i));
  }
  override has(id: number): boolean {
    return super.has(id) || this.base.indexOf(id) >= 0;
  }
  override set(id: number, v: V): this {
    if (!this.ready) return super.set(id, v);
    if (!super.has(id) && this.base.indexOf(id) < 0) this.extra++;
    this.cache.delete(id);
    return super.set(id, v);
  }
  override delete(): boolean {
    throw new Error("LazyMap: records are never removed");
  }
  override clear(): void {
    throw new Error("LazyMap: records are never removed");
  }
  /**
   * Index of the base record `id` when its current version is the generated one (never written
   * since start-up), else -1: such a record can be regenerated from its index, e.g. straight into
   * bytes (../handlers/exports/incremental.ts), without asking this map for an object.
   */
  baseIndexOf(id: number): number {
    return super.has(id) ? -1 : this.base.indexOf(id);
  }
  /** Ids of the records written since start-up (edited base records and new ones), in write order. */
  heldIds(): IterableIterator<number> {
    return super.keys();
  }
  override get size(): number {
    return this.ready ? this.base.count + this.extra : 0;
  }
  override *keys(): MapIterator<number> {
    for (let i = 0; i < this.base.count; i++) yield this.base.idAt(i);
    for (const id of super.keys()) if (this.base.indexOf(id) < 0) yield id;
  }
  override *values(): MapIterator<V> {
    for (const id of this.keys()) yield this.get(id)!;
  }
  override *entries(): MapIterator<[number, V]> {
    for (const id of this.keys()) yield [id, this.get(id)!];
  }
  override [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }
  override forEach(fn: (v: V, k: number, m: Map<number, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}

/** id → index lookup for base ids that are not sequential (sorted ids + binary search, 12 bytes a record). */
export class IdLookup {
  private readonly ids: Float64Array;
  private readonly order: Uint32Array;
  constructor(idAt: (i: number) => number, count: number) {
    const raw = new Float64Array(count);
    for (let i = 0; i < count; i++) raw[i] = idAt(i);
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => raw[a] - raw[b]);
    this.ids = new Float64Array(count);
    for (let i = 0; i < count; i++) this.ids[i] = raw[order[i]];
    this.order = order;
  }
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.ids.length && this.ids[lo] === id ? this.order[lo] : -1;
  }
}
