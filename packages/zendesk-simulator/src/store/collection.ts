/**
 * A set of records of one kind, by id, plus the sorted index its export or
 * list endpoint walks. Records are replaced, never mutated in place, so a
 * page that was already served never changes under the caller.
 */
import type { PackedIndex } from "./packed-index.js";
import { SortedIndex } from "./sorted-index.js";
import type { JsonObject } from "../core/types.js";

export class Collection {
  /**
   * `byId` may be a LazyMap (./lazy-map.ts): base records generated on demand;
   * then load the index with `loadIndex` from compact (key, id) arrays. Derived collections
   * (ticket audits, metric events) pass a prebuilt PackedIndex and a `byId` that generates.
   */
  constructor(
    readonly keyOf: (record: JsonObject) => number,
    readonly byId: Map<number, JsonObject> = new Map<number, JsonObject>(),
    readonly index: SortedIndex | PackedIndex = new SortedIndex(),
  ) {}

  load(records: JsonObject[]): void {
    if (!(this.index instanceof SortedIndex)) throw new Error("Collection.load: only for a SortedIndex");
    this.byId.clear();
    for (const r of records) this.byId.set(r.id as number, r);
    this.index.load(records.map((r) => ({ key: this.keyOf(r), id: r.id as number })));
  }
  /** Index only, for a lazily generated `byId`: keys[i] is the sort key of record ids[i]. */
  loadIndex(keys: Float64Array, ids: Float64Array): void {
    if (!(this.index instanceof SortedIndex)) throw new Error("Collection.loadIndex: only for a SortedIndex");
    this.index.loadArrays(keys, ids);
  }
  get(id: number): JsonObject | undefined {
    return this.byId.get(id);
  }
  put(record: JsonObject): void {
    const id = record.id as number;
    const old = this.byId.get(id);
    if (old) this.index.remove(this.keyOf(old), id);
    this.byId.set(id, record);
    this.index.insert(this.keyOf(record), id);
  }
  /** Records in index order. */
  *ordered(from = 0): Generator<JsonObject> {
    for (let i = from; i < this.index.size; i++) yield this.byId.get(this.index.idAt(i))!;
  }
  all(): JsonObject[] {
    return [...this.ordered()];
  }
  get size(): number {
    return this.byId.size;
  }
}
