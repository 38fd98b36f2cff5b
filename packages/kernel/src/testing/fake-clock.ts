import type { Clock } from "../contracts/clock.js";
import { abortReason } from "../util/system-clock.js";

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

export interface FakeClockOptions {
  /** Start time in ms since the epoch (default 2024-01-01T00:00:00Z). */
  start?: number;
  /**
   * Jump straight to the earliest sleep once the event loop has had a few turns (promise jobs,
   * immediates, zero-delay timers), so code that sleeps (budgets, backoff) runs at full speed in
   * simulated time. Real I/O is not waited for: wrap it in `hold()`.
   */
  autoAdvance?: boolean;
}

/** A deterministic Clock for tests: time moves only through `advance`, `runAll` or auto-advance. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private auto: boolean;
  private autoScheduled = false;
  private holds = 0;

  constructor(options: FakeClockOptions = {}) {
    this.current = options.start ?? Date.UTC(2024, 0, 1);
    this.auto = options.autoAdvance ?? false;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = {
        at: this.current + ms,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(abortReason(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.timers.push(timer);
      this.scheduleAuto();
    });
  }

  /** Number of sleeps waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /** Time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }

  setAutoAdvance(on: boolean): void {
    this.auto = on;
    if (on) this.scheduleAuto();
  }

  /** Moves time forward by `ms`, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.popDue(target);
      if (!next) break;
      this.current = Math.max(this.current, next.at);
      next.resolve();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Fires the earliest timer (moving time to it). Returns false when nothing was pending. */
  async tick(): Promise<boolean> {
    await settle();
    const at = this.nextTimerAt();
    if (at === undefined) return false;
    await this.advanceTo(at);
    return true;
  }

  /** Fires timers (including ones scheduled meanwhile) until none are left. */
  async runAll(maxTimers = 100_000): Promise<void> {
    for (let i = 0; i < maxTimers; i++) {
      if (!(await this.tick())) return;
    }
    throw new Error(`FakeClock.runAll: still busy after ${maxTimers} timers (an endless sleep loop?)`);
  }

  /**
   * Keeps auto-advance from moving time until the returned function is called: for real work in
   * progress (an HTTP exchange with a loopback server) that must finish at the current simulated time.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.scheduleAuto();
    };
  }

  /** Runs `work` with auto-advance on, restoring the previous mode afterwards. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.auto;
    this.setAutoAdvance(true);
    try {
      return await work();
    } finally {
      this.auto = previous;
    }
  }

  private popDue(target: number): Timer | undefined {
    let best = -1;
    for (let i = 0; i < this.timers.length; i++) {
      const t = this.timers[i];
      if (t.at > target) continue;
      if (best < 0 || t.at < this.timers[best].at || (t.at === this.timers[best].at && t.seq < this.timers[best].seq)) best = i;
    }
    return best < 0 ? undefined : this.timers.splice(best, 1)[0];
  }

  private scheduleAuto(): void {
    if (!this.auto || this.autoScheduled) return;
    this.autoScheduled = true;
    // Wait for a few macrotask turns so that concurrent code registers its own sleeps first;
    // then the earliest one fires, keeping the order deterministic.
    void settle().then(() => {
      this.autoScheduled = false;
      if (!this.auto || this.holds > 0) return;
      const next = this.popDue(Number.POSITIVE_INFINITY);
      if (!next) return;
      this.current = Math.max(this.current, next.at);
      next.resolve();
      if (this.timers.length) this.scheduleAuto();
    });
  }
}

/**
 * Lets pending promise continuations, immediates and zero-delay real timers run (libraries such as
 * bottleneck yield through `setTimeout(0)`), so time does not jump while work is merely queued.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await new Promise<void>((resolve) => setImmediate(resolve));
}
