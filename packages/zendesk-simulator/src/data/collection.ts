/**
 * A set of records of one kind, by id, plus the sorted index its export or
 * list endpoint walks. Records are replaced, never mutated in place, so a
 * page that was already served never changes under the caller.
 */
import { SortedIndex } from "./sorted-index.js";
import type { JsonObject } from "./users.js";

export class Collection {
  readonly byId = new Map<number, JsonObject>();
  readonly index = new SortedIndex();
  constructor(readonly keyOf: (record: JsonObject) => number) {}

  load(records: JsonObject[]): void {
    this.byId.clear();
    for (const r of records) this.byId.set(r.id as number, r);
    this.index.load(records.map((r) => ({ key: this.keyOf(r), id: r.id as number })));
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
    for (let i = from; i < this.index.size; i++) yield this.byId.get(this.index.at(i).id)!;
  }
  all(): JsonObject[] {
    return [...this.ordered()];
  }
  get size(): number {
    return this.byId.size;
  }
}
