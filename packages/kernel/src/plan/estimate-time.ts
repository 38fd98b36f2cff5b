/**
 * How long a sync will take, from what each unit will request: a replay of what the runner does
 * (runner/schedule.ts), on a virtual clock. Units (a stream, or a shared pass) start scarcest rate
 * class first, then in catalog order, at most `concurrency` at once per class (`byClass`; else at
 * most `concurrency` in all, in catalog order); a unit sends its batches one after another (a batch
 * marked `alongside` with the one before it), a batch's requests `parallel` at a time; every
 * request waits until each of its rate classes has budget left in the current window, then for a
 * place on the wire (`inFlight` requests at once), then takes `latencyMs`. Windows are fixed and restart when the server said (`resetInMs`, with what is
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
  /** Runs at the same time as the batch before it (the unit goes on when both are done). */
  alongside?: boolean;
}

export interface WorkUnit {
  batches: WorkBatch[];
  /** The rate class the unit waits on (how the runner schedules it). */
  rateClass?: string;
}

export interface TimeEstimateInput {
  units: WorkUnit[];
  classes: ClassWindow[];
  /** Units read at once (the runner's concurrency): in all, or per rate class with `byClass`. */
  concurrency: number;
  /** Schedule by rate class: scarcest class first, `concurrency` units per class at once. */
  byClass?: boolean;
  /** Requests on the wire at once across the run (default: no bound). */
  inFlight?: number;
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

/** One unit's progress: its current batches (one, or several alongside), requests left to send, in flight. */
interface Running {
  unit: number;
  batch: number;
  /** Batches running now: [first, end). */
  end: number;
  toSend: number[];
  inFlight: number;
}

type Event = { kind: "start" } | { kind: "send" | "done"; run: Running; batch: number };

export function estimateRunTime(input: TimeEstimateInput): TimeEstimate {
  const windows = new Map(input.classes.map((c) => [c.name, new Window(c)]));
  const units = input.units.map(() => ({ startMs: 0, endMs: 0 }));
  const latency = Math.max(0, input.latencyMs);
  const events = new Heap<Event>();
  let totalMs = 0;
  const perBucket = Math.max(1, input.concurrency);
  // The start order: by the scarcity of the unit's class (requests per ms), then catalog order.
  const rates = new Map(input.classes.map((c) => [c.name, c.limit / c.windowMs]));
  const rateOf = (u: WorkUnit) => (input.byClass && u.rateClass !== undefined ? (rates.get(u.rateClass) ?? Infinity) : Infinity);
  const queue = input.units.map((u, i) => i).sort((a, b) => rateOf(input.units[a]) - rateOf(input.units[b]) || a - b);
  const bucketOf = (unit: number) => (input.byClass ? input.units[unit].rateClass : "all");
  const active = new Map<string | undefined, number>();
  // The wire: requests granted by their classes wait here (FIFO) for a place.
  let onWire = 0;
  const wireLimit = input.inFlight ?? Infinity;
  const waitingForWire: { run: Running; batch: number }[] = [];

  const finishUnit = (run: Running, t: number) => {
    units[run.unit].endMs = t;
    totalMs = Math.max(totalMs, t);
    const bucket = bucketOf(run.unit);
    active.set(bucket, active.get(bucket)! - 1);
    events.push(t, { kind: "start" });
  };

  /** Starts the unit's next batch with requests (and the batches alongside it) at `t`, or ends the unit. */
  const startBatch = (run: Running, t: number): void => {
    const batches = input.units[run.unit].batches;
    while (run.batch < batches.length && !(batches[run.batch].requests > 0)) run.batch++;
    if (run.batch >= batches.length) return finishUnit(run, t);
    run.end = run.batch + 1;
    while (run.end < batches.length && batches[run.end].alongside) run.end++;
    run.inFlight = 0;
    run.toSend = [];
    for (let b = run.batch; b < run.end; b++) {
      const batch = batches[b];
      run.toSend[b] = Math.ceil(Math.max(0, batch.requests));
      const lanes = Math.min(Math.max(1, batch.parallel ?? 1), run.toSend[b]);
      for (let i = 0; i < lanes; i++) events.push(t, { kind: "send", run, batch: b });
    }
  };

  /** Starts every unit that may start now: the first in order whose bucket has room, repeatedly. */
  const startUnits = (t: number) => {
    for (let i = 0; i < queue.length; ) {
      const unit = queue[i];
      const bucket = bucketOf(unit);
      if ((active.get(bucket) ?? 0) >= perBucket) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      active.set(bucket, (active.get(bucket) ?? 0) + 1);
      units[unit].startMs = t;
      startBatch({ unit, batch: 0, end: 0, toSend: [], inFlight: 0 }, t);
      i = 0;
    }
  };

  const send = (run: Running, batch: number, t: number) => {
    onWire++;
    events.push(t + latency, { kind: "done", run, batch });
  };

  events.push(0, { kind: "start" });
  while (events.size > 0) {
    const { t, v: event } = events.pop();
    if (event.kind === "start") {
      startUnits(t);
    } else if (event.kind === "send") {
      const { run, batch: b } = event;
      if (!(run.toSend[b] > 0)) continue;
      const classes = input.units[run.unit].batches[b].classes.map((n) => windows.get(n)).filter((w): w is Window => w !== undefined);
      const at = Math.max(t, ...classes.map((w) => w.earliest(t)));
      // Waiting on a class: look again when it allows it (other lanes may take the budget first).
      if (at > t) {
        events.push(at, event);
        continue;
      }
      for (const w of classes) w.take(t);
      run.toSend[b]--;
      run.inFlight++;
      if (onWire < wireLimit) send(run, b, t);
      else waitingForWire.push({ run, batch: b });
    } else {
      const { run, batch: b } = event;
      onWire--;
      const next = waitingForWire.shift();
      if (next) send(next.run, next.batch, t);
      run.inFlight--;
      // The lane that finished sends its batch's next request, if any is left.
      if (run.toSend[b] > 0) events.push(t, { kind: "send", run, batch: b });
      else if (run.inFlight === 0 && run.toSend.slice(run.batch, run.end).every((n) => !(n > 0))) {
        run.batch = run.end;
        startBatch(run, t);
      }
    }
  }
  return {
    totalMs,
    units,
    classes: input.classes.map((c) => ({ name: c.name, requests: windows.get(c.name)!.requests, lastSentMs: windows.get(c.name)!.lastSent })),
  };
}
