/**
 * Fault injection. A request can fail with an HTTP error (429, 500, 502, 503,
 * 504), a broken connection (reset: socket destroyed before any byte), a
 * truncated body (full Content-Length announced, part written, socket
 * destroyed; or a chunked body cut mid-JSON), or be slow. Faults come from a
 * script (consumed in order, first matching entry wins) or at a seeded random
 * rate. A random decision depends only on (seed, path+query, how many times
 * that same path+query was requested before), so concurrent workers that
 * interleave differently still see the same faults on the same requests.
 * Control endpoints (`/__sim/`) are never faulted; a fault never changes the
 * account's data or consumes rate-limit budget.
 */
import { hashString, mulberry32, mix } from "../util/prng.js";

export const FAULT_KINDS = ["429", "500", "502", "503", "504", "reset", "truncate", "truncate-chunked", "slow"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultScriptEntry {
  kind: FaultKind | "none";
  /** Only requests whose path+query contains this string (or matches `/regex/`). */
  path?: string;
  /** How many matching requests this entry applies to (default 1). */
  times?: number;
  /** Retry-After seconds for 429/503 (default: one scaled second). */
  retryAfter?: number;
  /** Delay for "slow" (ms). */
  delayMs?: number;
}

export interface FaultOptions {
  /** Probability in [0,1] that an eligible request gets a random fault. */
  rate?: number;
  /** Kinds drawn for random faults (default: 429, 500, 502, 503, 504, reset, truncate). */
  kinds?: FaultKind[];
  /** Only paths matching this (substring, or `/regex/`) get random faults. */
  paths?: string;
  script?: (FaultScriptEntry | FaultKind | "none")[];
  /** Delay of "slow" faults, ms (default 250). */
  slowMs?: number;
  /** Retry-After of injected 429/503, seconds (default: minuteMs/60000, i.e. one scaled second). */
  retryAfterSeconds?: number;
}

export interface Fault {
  kind: FaultKind;
  retryAfter?: number;
  delayMs?: number;
}

const DEFAULT_RANDOM_KINDS: FaultKind[] = ["429", "500", "502", "503", "504", "reset", "truncate"];

function matches(pattern: string | undefined, target: string): boolean {
  if (!pattern) return true;
  const m = /^\/(.+)\/([dgimsuy]*)$/.exec(pattern);
  if (m) return new RegExp(m[1], m[2]).test(target);
  return target.includes(pattern);
}

export class FaultInjector {
  private options: FaultOptions = {};
  private script: FaultScriptEntry[] = [];
  /** requests seen per path+query, for order-independent random decisions */
  private seen = new Map<string, number>();

  constructor(private readonly seed: number, options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replace the fault configuration (the random sequence restarts from the seed). */
  set(options: FaultOptions): void {
    for (const k of options.kinds ?? []) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${k}`);
    this.options = { ...options };
    this.script = (options.script ?? []).map((e) => (typeof e === "string" ? { kind: e } : { ...e }));
    for (const e of this.script) if (e.kind !== "none" && !FAULT_KINDS.includes(e.kind)) throw new RangeError(`unknown fault kind ${e.kind}`);
    this.seen.clear();
  }

  get config(): FaultOptions {
    return { ...this.options, script: this.script.map((e) => ({ ...e })) };
  }

  /** Decide the fault for one request (null = none). */
  decide(pathAndQuery: string): Fault | null {
    const i = this.script.findIndex((e) => matches(e.path, pathAndQuery));
    if (i >= 0) {
      const e = this.script[i];
      const times = (e.times ?? 1) - 1;
      if (times <= 0) this.script.splice(i, 1);
      else e.times = times;
      if (e.kind === "none") return null;
      return { kind: e.kind, retryAfter: e.retryAfter ?? this.options.retryAfterSeconds, delayMs: e.delayMs ?? this.options.slowMs };
    }
    const rate = this.options.rate ?? 0;
    if (rate <= 0 || !matches(this.options.paths, pathAndQuery)) return null;
    const n = this.seen.get(pathAndQuery) ?? 0;
    if (this.seen.size > 500_000) this.seen.clear(); // bound memory on very long runs
    this.seen.set(pathAndQuery, n + 1);
    const random = mulberry32(mix(this.seed, hashString("faults"), hashString(pathAndQuery), n));
    const roll = random();
    const pick = random();
    if (roll >= rate) return null;
    const kinds = this.options.kinds?.length ? this.options.kinds : DEFAULT_RANDOM_KINDS;
    const kind = kinds[Math.floor(pick * kinds.length)];
    return { kind, retryAfter: this.options.retryAfterSeconds, delayMs: this.options.slowMs };
  }
}
