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
  const t = Math.floor(unixSeconds);
  // years 0000..9999 by arithmetic; anything else (and NaN, which throws) through Date
  if (!(t >= MIN_FAST && t < MAX_FAST)) {
    const s = new Date(unixSeconds * 1000).toISOString();
    return `${s.slice(0, 19)}Z`;
  }
  const days = Math.floor(t / 86400);
  const sec = t - days * 86400;
  const hh = (sec / 3600) | 0;
  const mm = ((sec - hh * 3600) / 60) | 0;
  const ss = sec - hh * 3600 - mm * 60;
  return `${isoDate(days)}T${PAD2[hh]}:${PAD2[mm]}:${PAD2[ss]}Z`;
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const MIN_FAST = -62167219200; // 0000-01-01T00:00:00Z
const MAX_FAST = 253402300800; // 10000-01-01T00:00:00Z

// "YYYY-MM-DD" of a day number: the last one is reused (timestamps of one record or page cluster in a day)
let lastDay = NaN;
let lastDate = "";
function isoDate(days: number): string {
  if (days === lastDay) return lastDate;
  // civil_from_days (H. Hinnant), proleptic Gregorian
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const ys = y >= 1000 ? String(y) : String(y).padStart(4, "0");
  lastDay = days;
  lastDate = `${ys}-${PAD2[m]}-${PAD2[d]}`;
  return lastDate;
}

export function fromIso(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
