/**
 * The simulator's clock. "Now" is a base clock (real time by default) plus an
 * offset that tests can advance, e.g. to move past the one-minute freshness
 * floor of the incremental exports without sleeping.
 */
export interface BaseClock {
  now(): number;
}

export class SimClock {
  private offsetMs = 0;
  constructor(private readonly base: BaseClock = { now: () => Date.now() }) {}

  /** Milliseconds since the Unix epoch, simulated. */
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  /** Unix seconds, simulated. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance() takes a non-negative number of milliseconds");
    this.offsetMs += ms;
  }
  get offset(): number {
    return this.offsetMs;
  }
}

/** ISO-8601 UTC without milliseconds, e.g. 2023-09-18T16:09:46Z (the records' format). */
export function toIso(unixSeconds: number): string {
  const s = new Date(unixSeconds * 1000).toISOString();
  return `${s.slice(0, 19)}Z`;
}

export function fromIso(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
