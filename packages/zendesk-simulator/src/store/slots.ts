/**
 * Derived state an owner keeps for the modules that compute it: one value per key, made on first
 * use (histories, indexes, per-revision caches, generator constants). The account and its shape
 * each carry one, so the state lives on the object it belongs to and dies with it; modules hold
 * only their keys.
 */
export class Slots {
  private readonly values = new Map<unknown, unknown>();
  private readonly revisions = new Map<unknown, number>();

  /** The value under `key`, made by `make()` the first time. */
  get<T>(key: unknown, make: () => T): T {
    let v = this.values.get(key) as T | undefined;
    if (v === undefined && !this.values.has(key)) {
      v = make();
      this.values.set(key, v);
    }
    return v as T;
  }

  /** The value under `key`, made again by `make()` whenever `revision` changed since. */
  perRevision<T>(key: unknown, revision: number, make: () => T): T {
    if (this.revisions.get(key) !== revision || !this.values.has(key)) {
      this.values.set(key, make());
      this.revisions.set(key, revision);
    }
    return this.values.get(key) as T;
  }
}
