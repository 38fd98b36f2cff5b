import { describe, expect, it } from "vitest";
import { estimateRunTime } from "./estimate-time.js";

const MIN = 60_000;
const exports = { name: "exports", limit: 10, windowMs: MIN };
const account = { name: "account", limit: 700, windowMs: MIN };

describe("estimateRunTime: the runner's schedule replayed at the classes' limits", () => {
  it("a window's worth at once, then one window per limit: 35 requests at 10/min end in the fourth window", () => {
    const t = estimateRunTime({ units: [{ batches: [{ classes: ["exports"], requests: 35 }] }], classes: [exports], concurrency: 3, latencyMs: 0 });
    expect(t.totalMs).toBe(3 * MIN);
    expect(t.classes[0]).toEqual({ name: "exports", requests: 35, lastSentMs: 3 * MIN });
  });

  it("waits the budget's margin past each reset, and a request takes its latency", () => {
    const t = estimateRunTime({ units: [{ batches: [{ classes: ["exports"], requests: 11 }] }], classes: [{ ...exports, marginMs: 250 }], concurrency: 1, latencyMs: 100 });
    // 10 requests back to back (100 ms each, ending at 1 s), the 11th at 60.25 s, done 100 ms later.
    expect(t.totalMs).toBe(MIN + 250 + 100);
  });

  it("starts from the server's live report: what is left of the current window, then its reset", () => {
    const t = estimateRunTime({
      units: [{ batches: [{ classes: ["exports"], requests: 15 }] }],
      classes: [{ ...exports, remaining: 3, resetInMs: 20_000 }],
      concurrency: 1,
      latencyMs: 0,
    });
    // 3 now, 10 at 20 s, 2 at 80 s.
    expect(t.totalMs).toBe(80_000);
  });

  it("a request counts against every class it belongs to (an export is also an account request)", () => {
    const t = estimateRunTime({
      units: [{ batches: [{ classes: ["exports", "account"], requests: 20 }] }, { batches: [{ classes: ["account"], requests: 5 }] }],
      classes: [exports, { ...account, limit: 12 }],
      concurrency: 2,
      latencyMs: 0,
    });
    // Window 1: 10 exports + 2 of the other unit's requests fill the account's 12; the rest waits.
    expect(t.classes.map((c) => c.requests)).toEqual([20, 25]);
    expect(t.totalMs).toBe(2 * MIN);
  });

  it("classes in parallel: the total is the slowest unit, not the sum; one worker makes it the sum", () => {
    const units = [{ batches: [{ classes: ["exports"], requests: 25 }] }, { batches: [{ classes: ["account"], requests: 1500 }] }];
    expect(estimateRunTime({ units, classes: [exports, account], concurrency: 2, latencyMs: 0 }).totalMs).toBe(2 * MIN);
    expect(estimateRunTime({ units, classes: [exports, account], concurrency: 1, latencyMs: 0 }).totalMs).toBe(4 * MIN);
  });

  it("workers take units in order; a unit's batches run one after another", () => {
    const t = estimateRunTime({
      units: [
        { batches: [{ classes: [], requests: 3 }] },
        { batches: [{ classes: [], requests: 1 }] },
        { batches: [{ classes: [], requests: 2 }, { classes: [], requests: 2 }] },
      ],
      classes: [],
      concurrency: 2,
      latencyMs: 10,
    });
    expect(t.units).toEqual([
      { startMs: 0, endMs: 30 },
      { startMs: 0, endMs: 10 },
      { startMs: 10, endMs: 50 },
    ]);
    expect(t.totalMs).toBe(50);
  });

  it("a batch's partitions run `parallel` at a time, latency-bound when the budget is not", () => {
    const t = estimateRunTime({ units: [{ batches: [{ classes: ["account"], requests: 7, parallel: 3 }] }], classes: [account], concurrency: 1, latencyMs: 100 });
    expect(t.totalMs).toBe(300);
  });

  it("units without requests take no time; no units, no time", () => {
    expect(estimateRunTime({ units: [{ batches: [] }, { batches: [{ classes: ["exports"], requests: 0 }] }], classes: [exports], concurrency: 3, latencyMs: 5 }).totalMs).toBe(0);
    expect(estimateRunTime({ units: [], classes: [exports], concurrency: 3, latencyMs: 5 }).totalMs).toBe(0);
  });

  it("by class: the scarcest class's units start first, `concurrency` per class, so a saturated class holds no other class back", () => {
    const units = [
      { batches: [{ classes: ["account"], requests: 2 }], rateClass: "account" },
      { batches: [{ classes: ["account"], requests: 2 }], rateClass: "account" },
      { batches: [{ classes: ["exports"], requests: 15 }], rateClass: "exports" },
      { batches: [{ classes: ["exports"], requests: 15 }], rateClass: "exports" },
    ];
    const t = estimateRunTime({ units, classes: [exports, account], concurrency: 1, byClass: true, latencyMs: 10 });
    // exports first (10/min is scarcer), one unit of a class at a time: unit 3 sends 10 at once and 5
    // in the second window (done at 60.05 s), unit 4 the other 5 of that window and 10 in the third;
    // the account units run meanwhile on their own class.
    expect(t.units.map((u) => u.startMs)).toEqual([0, 20, 0, 60_050]);
    expect(t.totalMs).toBe(2 * MIN + 100);
    // In catalog order with one worker, the account units would come first and the exports after them.
    expect(estimateRunTime({ units, classes: [exports, account], concurrency: 1, latencyMs: 10 }).units.map((u) => u.startMs)).toEqual([0, 20, 40, 60_050]);
  });

  it("the wire: at most `inFlight` requests at once across units, taken after the class granted them", () => {
    const units = [0, 1, 2].map(() => ({ batches: [{ classes: ["account"], requests: 4, parallel: 4 }], rateClass: "account" }));
    expect(estimateRunTime({ units, classes: [account], concurrency: 3, byClass: true, latencyMs: 100 }).totalMs).toBe(100);
    expect(estimateRunTime({ units, classes: [account], concurrency: 3, byClass: true, inFlight: 3, latencyMs: 100 }).totalMs).toBe(400);
  });

  it("batches alongside each other run at the same time; the unit goes on when both are done", () => {
    const t = estimateRunTime({
      units: [{ batches: [{ classes: ["exports"], requests: 12 }, { classes: ["account"], requests: 3, alongside: true }, { classes: [], requests: 1 }] }],
      classes: [exports, account],
      concurrency: 1,
      latencyMs: 10,
    });
    // The exports' last two go in the second window (done at 60.02 s); the account batch was done
    // alongside in 30 ms; then the last batch's request.
    expect(t.totalMs).toBe(MIN + 20 + 10);
  });
});
