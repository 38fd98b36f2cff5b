/** Timestamp helpers shared by the generators. All values are Unix seconds. */
import { hashString, Rng } from "../util/prng.js";

/** hashes of `${label}:bulk` and `${label}:t` (labels are a few constants) */
const CLUSTER_HASHES = new Map<string, { bulk: number; t: number }>();

/**
 * The second at which record `index` of `count` was created, spread evenly
 * over [start, end] and non-decreasing in index. With probability `bulkP` a
 * record shares its predecessor's second (imports, bulk API calls), which
 * produces the same-second clusters real exports show.
 */
export function clusteredSecond(seed: number, label: string, index: number, count: number, bulkP: number, start: number, end: number): number {
  let h = CLUSTER_HASHES.get(label);
  if (h === undefined) {
    h = { bulk: hashString(`${label}:bulk`), t: hashString(`${label}:t`) };
    CLUSTER_HASHES.set(label, h);
  }
  let i = index;
  while (i > 0 && Rng.forHash(seed, h.bulk, i).bool(bulkP)) i--;
  const r = Rng.forHash(seed, h.t, i).float();
  const span = Math.max(1, end - start);
  return start + Math.floor((span * (i + r)) / Math.max(1, count));
}

/**
 * A later second: 0 with probability pSame, else an exponential-ish delay up to maxDelay, never
 * past `cap`. A delay that would pass `cap` is folded back into (from, cap] (what is left of the
 * window) instead of being clamped to `cap`: clamping piled every such record onto the window's
 * last second (thousands at 200,000 tickets), which no real account shows and which a time-based
 * export cannot page through (the same-second trap).
 */
export function laterSecond(rng: Rng, from: number, maxDelay: number, cap: number, pSame = 0.3): number {
  if (rng.bool(pSame)) return Math.min(from, cap);
  const d = Math.floor(Math.pow(rng.float(), 3) * maxDelay) + 1;
  if (from + d <= cap) return from + d;
  const room = cap - from;
  return room <= 0 ? from : from + 1 + ((d - 1) % room);
}
