/**
 * How the runner orders its work by rate class (opaque names from the source's budget): the units
 * bound to the scarcest class start first, each class runs up to `perClass` units at once, and the
 * requests on the wire are bounded by one shared limit, taken only once a request's budget granted
 * it. So a unit waiting on a saturated class holds no slot while units of another class proceed.
 */
import type { InFlightLimit } from "../contracts/http.js";
import { abortReason } from "../util/system-clock.js";

/** A class's scarcity: requests per millisecond (lower is scarcer). Unknown classes count as plentiful. */
export type ClassRates = ReadonlyMap<string, number>;

export interface Schedulable {
  /** The rate class the unit waits on, or undefined (scheduled with the other unbound units). */
  rateClass: string | undefined;
  /** Position in the catalog: ties keep catalog order. */
  position: number;
}

/** The start order: scarcest class first, then catalog order. */
export function startOrder<U extends Schedulable>(units: U[], rates: ClassRates): U[] {
  const rate = (u: U) => (u.rateClass !== undefined ? (rates.get(u.rateClass) ?? Infinity) : Infinity);
  return [...units].sort((a, b) => rate(a) - rate(b) || a.position - b.position);
}

/**
 * Runs `units` in `startOrder`, at most `perClass` at once per class (units without a class share
 * one), calling `run` for each; resolves when every started unit has finished. `stopped()` is asked
 * before each start: after a soft stop no further unit starts.
 */
export async function runByClass<U extends Schedulable>(
  units: U[],
  rates: ClassRates,
  perClass: number,
  run: (unit: U) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  const queue = startOrder(units, rates);
  const active = new Map<string | undefined, number>();
  const running = new Set<Promise<void>>();
  const startable = () => queue.findIndex((u) => (active.get(u.rateClass) ?? 0) < perClass);
  for (;;) {
    for (let i = startable(); i >= 0 && !stopped(); i = startable()) {
      const unit = queue.splice(i, 1)[0];
      active.set(unit.rateClass, (active.get(unit.rateClass) ?? 0) + 1);
      const done: Promise<void> = run(unit).finally(() => {
        active.set(unit.rateClass, active.get(unit.rateClass)! - 1);
        running.delete(done);
      });
      running.add(done);
    }
    if (running.size === 0) return;
    await Promise.race(running);
  }
}

/** A counting semaphore for requests on the wire (FIFO). */
export function createInFlightLimit(size: number): InFlightLimit & { inFlight(): number } {
  let used = 0;
  const waiters: { grant: () => void; signal?: AbortSignal; drop: () => void }[] = [];
  const release = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = waiters.shift();
      if (next) next.grant();
      else used--;
    };
  };
  return {
    inFlight: () => used,
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (used < size) {
        used++;
        return Promise.resolve(release());
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          signal,
          grant: () => {
            signal?.removeEventListener("abort", waiter.drop);
            resolve(release());
          },
          drop: () => {
            const at = waiters.indexOf(waiter);
            if (at >= 0) waiters.splice(at, 1);
            reject(abortReason(signal!));
          },
        };
        signal?.addEventListener("abort", waiter.drop, { once: true });
        waiters.push(waiter);
      });
    },
  };
}
