import { describe, expect, it } from "vitest";
import { CapturingSink, fakeConnection, fakeHttp, fixedClock, idleBudget, RecordingDestination } from "../../test/fakes.js";
import type { Stream } from "../contracts/stream.js";
import { MemoryStateStore } from "../state/file-state-store.js";
import { silentLogger } from "../logging/logger.js";
import { defaultConfiguredCatalog } from "./catalog.js";
import { runStreams } from "./run-streams.js";
import { createInFlightLimit, runByClass, startOrder } from "./schedule.js";

/** A promise the test resolves by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

const rates = new Map([
  ["bulk", 10 / 60_000],
  ["general", 700 / 60_000],
]);

describe("startOrder", () => {
  it("puts the scarcest class first, keeps catalog order within a class, and unbound or unknown classes last", () => {
    const units = [
      { name: "teams", rateClass: "general", position: 0 },
      { name: "mystery", rateClass: undefined, position: 1 },
      { name: "customers", rateClass: "bulk", position: 2 },
      { name: "other", rateClass: "not-in-budget", position: 3 },
      { name: "orders", rateClass: "bulk", position: 4 },
      { name: "stats", rateClass: "general", position: 5 },
    ];
    expect(startOrder(units, rates).map((u) => u.name)).toEqual(["customers", "orders", "teams", "stats", "mystery", "other"]);
  });
});

describe("runByClass", () => {
  it("runs up to perClass units of each class at once: a class whose units wait does not hold back another class", async () => {
    const log: string[] = [];
    const bulkBusy = gate();
    const units = [
      { name: "orders", rateClass: "bulk", position: 0 },
      { name: "customers", rateClass: "bulk", position: 1 },
      { name: "teams", rateClass: "general", position: 2 },
      { name: "stats", rateClass: "general", position: 3 },
    ];
    const done = runByClass(units, rates, 1, async (u) => {
      log.push(`start ${u.name}`);
      if (u.rateClass === "bulk" && u.name === "orders") await bulkBusy.opened;
      log.push(`end ${u.name}`);
    });
    // orders waits on its class; both general units run to the end meanwhile, one at a time.
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(["start orders", "start teams", "end teams", "start stats", "end stats"]);
    bulkBusy.open();
    await done;
    expect(log.slice(5)).toEqual(["end orders", "start customers", "end customers"]);
  });

  it("starts nothing more once stopped", async () => {
    const started: string[] = [];
    let stop = false;
    const units = ["a", "b", "c"].map((name, position) => ({ name, rateClass: undefined, position }));
    await runByClass(units, rates, 1, async (u) => {
      started.push(u.name);
      stop = true;
    }, () => stop);
    expect(started).toEqual(["a"]);
  });
});

describe("createInFlightLimit", () => {
  it("grants `size` slots, queues the rest in order, and drops an aborted waiter without using a slot", async () => {
    const limit = createInFlightLimit(2);
    const a = await limit.acquire();
    const b = await limit.acquire();
    const order: string[] = [];
    const aborted = new AbortController();
    const c = limit.acquire(aborted.signal).then(() => order.push("c"), () => order.push("c aborted"));
    const d = limit.acquire().then((release) => (order.push("d"), release));
    expect(limit.inFlight()).toBe(2);
    aborted.abort();
    await c;
    a();
    a(); // a second release of the same slot is ignored
    const releaseD = await d;
    expect(order).toEqual(["c aborted", "d"]);
    expect(limit.inFlight()).toBe(2);
    b();
    releaseD();
    expect(limit.inFlight()).toBe(0);
  });
});

describe("runStreams schedules by rate class", () => {
  const stream = (name: string, rateClass: string | undefined, wait?: Promise<void>, log?: string[]): Stream => ({
    spec: { name, jsonSchema: { type: "object" }, primaryKey: [["id"]] },
    rateClass: () => rateClass,
    async *read() {
      log?.push(`read ${name}`);
      if (wait) await wait;
      yield { records: [{ id: 1 }] };
    },
  });

  it("with one worker, starts the scarce class's stream first and finishes the general-class streams while it waits", async () => {
    const log: string[] = [];
    const bulkBusy = gate();
    const streams = [stream("teams", "general", undefined, log), stream("labels", "general", undefined, log), stream("orders", "bulk", bulkBusy.opened, log)];
    const destination = new RecordingDestination();
    const connection = { ...fakeConnection(fakeHttp(() => ({}))), budget: { ...idleBudget, snapshot: () => [{ name: "bulk", limit: 10, windowMs: 60_000 }, { name: "general", limit: 700, windowMs: 60_000 }] } };
    const run = runStreams({
      streams: new Map(streams.map((s) => [s.spec.name, s])),
      catalog: defaultConfiguredCatalog(streams),
      states: {},
      destination,
      stateStore: new MemoryStateStore(),
      sink: new CapturingSink(),
      connection,
      config: {},
      clock: fixedClock(),
      logger: silentLogger,
      concurrency: 1,
      onProgress: (e) => {
        if (e.type === "stream-finished") log.push(`done ${e.outcome.stream}`);
      },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(["read orders", "read teams", "done teams", "read labels", "done labels"]);
    bulkBusy.open();
    const outcomes = await run;
    expect(outcomes.map((o) => [o.stream, o.status])).toEqual([["teams", "succeeded"], ["labels", "succeeded"], ["orders", "succeeded"]]);
  });

  it("gives every request the run's wire limit, so num_workers bounds the requests in flight across streams", async () => {
    const seen: unknown[] = [];
    const http = fakeHttp(() => ({ ok: true }));
    const send = http.send;
    http.send = (request, options) => {
      seen.push(options?.inFlight);
      return send(request, options);
    };
    const requester = (name: string): Stream => ({
      spec: { name, jsonSchema: { type: "object" }, primaryKey: [] },
      async *read(ctx) {
        await ctx.http.send({ method: "GET", url: `https://x.test/${name}`, headers: {} });
        yield { records: [] };
      },
    });
    const streams = [requester("a"), requester("b")];
    await runStreams({
      streams: new Map(streams.map((s) => [s.spec.name, s])),
      catalog: defaultConfiguredCatalog(streams),
      states: {},
      destination: new RecordingDestination(),
      stateStore: new MemoryStateStore(),
      sink: new CapturingSink(),
      connection: fakeConnection(http),
      config: {},
      clock: fixedClock(),
      logger: silentLogger,
      concurrency: 2,
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeDefined();
    expect(seen[0]).toBe(seen[1]);
  });
});
