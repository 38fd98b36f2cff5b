/**
 * How long a sync will take, from what each unit will request: a replay of what the runner does,
 * on a virtual clock. `concurrency` workers take units (a stream, or a shared pass) in catalog
 * order; a unit sends its batches one after another, a batch's requests `parallel` at a time; every
 * request waits until each of its rate classes has budget left in the current window, then takes
 * `latencyMs`. Windows are fixed and restart when the server said (`resetInMs`, with what is
 * `remaining` in the current one) or, without a report, at the start of the sync — which is how the
 * budget spends a class: a window's worth at once, then a wait for the reset (plus the margin).
 */

export interface ClassWindow {
  name: string;
  /** Requests per window. */
  limit: number;
  windowMs: number;
  /** Left in the current window, when the server reported it (default: the whole limit). */
  remaining?: number;
  /** When the current window ends, from now (default: one window from now). */
  resetInMs?: number;
  /** How long after a reset the budget sends again (the budget's margin; default 0). */
  marginMs?: number;
}

export interface WorkBatch {
  /** The rate classes each request of the batch counts against. */
  classes: string[];
  requests: number;
  parallel?: number;
}

export interface WorkUnit {
  batches: WorkBatch[];
}

export interface TimeEstimateInput {
  units: WorkUnit[];
  classes: ClassWindow[];
  /** Units read at once (the runner's concurrency). */
  concurrency: number;
  /** Time one request takes once sent (response and processing), ms. */
  latencyMs: number;
}

export interface TimeEstimate {
  /** From the start of the sync to the end of the last unit, ms. */
  totalMs: number;
  /** Per unit (input order): when it starts and ends, ms from the start. */
  units: { startMs: number; endMs: number }[];
  /** Per class (input order): its requests, and when its last request was sent. */
  classes: { name: string; requests: number; lastSentMs: number }[];
}

class Window {
  used: number;
  end: number;
  requests = 0;
  lastSent = 0;

  constructor(readonly spec: ClassWindow) {
    this.used = Math.max(0, spec.limit - (spec.remaining ?? spec.limit));
    this.end = spec.resetInMs ?? spec.windowMs;
  }

  /** Rolls the window forward to the one containing `t`. */
  private roll(t: number): void {
    if (t < this.end) return;
    const windows = Math.floor((t - this.end) / this.spec.windowMs) + 1;
    this.end += windows * this.spec.windowMs;
    this.used = 0;
  }

  /** The earliest time ≥ t at which this class may send. */
  earliest(t: number): number {
    this.roll(t);
    if (this.used < this.spec.limit) return t;
    return this.end + (this.spec.marginMs ?? 0);
  }

  take(t: number): void {
    this.roll(t);
    this.used++;
    this.requests++;
    this.lastSent = Math.max(this.lastSent, t);
  }
}

/** A min-heap of (time, seq, value): ties in arrival order, like the budget's FIFO queues. */
class Heap<T> {
  private items: { t: number; seq: number; v: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(t: number, v: T): void {
    const items = this.items;
    items.push({ t, seq: this.seq++, v });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i], items[p])) break;
      [items[i], items[p]] = [items[p], items[i]];
      i = p;
    }
  }

  pop(): { t: number; v: T } {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l], items[m])) m = l;
        if (r < items.length && this.less(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }

  private less(a: { t: number; seq: number }, b: { t: number; seq: number }): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }
}

/** One unit's progress: which batch, how many of its requests are left to send or still in flight. */
interface Running {
  unit: number;
  batch: number;
  toSend: number;
  inFlight: number;
}

type Event = { kind: "worker" } | { kind: "send"; run: Running } | { kind: "done"; run: Running };

export function estimateRunTime(input: TimeEstimateInput): TimeEstimate {
  const windows = new Map(input.classes.map((c) => [c.name, new Window(c)]));
  const units = input.units.map(() => ({ startMs: 0, endMs: 0 }));
  const latency = Math.max(0, input.latencyMs);
  const events = new Heap<Event>();
  let nextUnit = 0;
  let totalMs = 0;
  const workers = Math.max(1, Math.min(input.concurrency, input.units.length));
  for (let i = 0; i < workers; i++) events.push(0, { kind: "worker" });

  /** Starts the unit's next batch that has requests (its lanes ready at `t`), or ends the unit. */
  const startBatch = (run: Running, t: number): boolean => {
    const batches = input.units[run.unit].batches;
    while (run.batch < batches.length && !(batches[run.batch].requests > 0)) run.batch++;
    if (run.batch >= batches.length) {
      units[run.unit].endMs = t;
      totalMs = Math.max(totalMs, t);
      return false;
    }
    const batch = batches[run.batch];
    run.toSend = Math.ceil(batch.requests);
    run.inFlight = 0;
    const lanes = Math.max(1, Math.min(batch.parallel ?? 1, run.toSend));
    for (let i = 0; i < lanes; i++) events.push(t, { kind: "send", run });
    return true;
  };

  /** A free worker takes units until one has requests. */
  const takeUnit = (t: number) => {
    while (nextUnit < input.units.length) {
      const unit = nextUnit++;
      units[unit].startMs = t;
      if (startBatch({ unit, batch: 0, toSend: 0, inFlight: 0 }, t)) return;
    }
  };

  while (events.size > 0) {
    const { t, v: event } = events.pop();
    if (event.kind === "worker") {
      takeUnit(t);
    } else if (event.kind === "send") {
      const run = event.run;
      const batch = input.units[run.unit].batches[run.batch];
      const classes = batch.classes.map((n) => windows.get(n)).filter((w): w is Window => w !== undefined);
      const at = Math.max(t, ...classes.map((w) => w.earliest(t)));
      // Waiting: look again when the classes allow it (other lanes may take the budget first).
      if (at > t) {
        events.push(at, event);
        continue;
      }
      for (const w of classes) w.take(t);
      run.toSend--;
      run.inFlight++;
      events.push(t + latency, { kind: "done", run });
    } else {
      const run = event.run;
      run.inFlight--;
      if (run.toSend > 0) events.push(t, { kind: "send", run });
      else if (run.inFlight === 0) {
        run.batch++;
        if (!startBatch(run, t)) takeUnit(t);
      }
    }
  }
  return {
    totalMs,
    units,
    classes: input.classes.map((c) => ({ name: c.name, requests: windows.get(c.name)!.requests, lastSentMs: windows.get(c.name)!.lastSent })),
  };
}
