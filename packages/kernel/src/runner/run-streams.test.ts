import { describe, expect, it } from "vitest";
import { CapturingSink, fakeConnection, fakeHttp, fixedClock, RecordingDestination } from "../../test/fakes.js";
import { createProtocolValidator } from "../../test/protocol-validator.js";
import type { Stream, StreamGroup } from "../contracts/stream.js";
import { HttpFailure, SkipError } from "../errors.js";
import { MemoryStateStore } from "../state/file-state-store.js";
import { silentLogger } from "../logging/logger.js";
import { defaultConfiguredCatalog } from "./catalog.js";
import { runStreams } from "./run-streams.js";

const pagedStream = (name: string, pages: number, failAt?: number): Stream => ({
  spec: { name, jsonSchema: { type: "object" }, primaryKey: [["id"]], cursorField: ["n"] },
  async *read(ctx) {
    const from = Number(ctx.state?.n ?? 0);
    for (let p = from; p < pages; p++) {
      if (p === failAt) throw new HttpFailure("GET /v1/x answered 500 after 8 attempts", "transient_error", 500, "/v1/x");
      yield { records: [{ id: p * 2 }, { id: p * 2 + 1 }], checkpoint: { n: String(p + 1) } };
    }
  },
});

const skippedStream: Stream = {
  spec: { name: "gated", jsonSchema: { type: "object" }, primaryKey: [["id"]] },
  // eslint-disable-next-line require-yield
  async *read() {
    throw new SkipError("stream", "the API answered 403 You do not have access (Enterprise plan needed)", 403);
  },
};

function setup(streams: Stream[], states = {}, required?: Set<string>) {
  const sink = new CapturingSink();
  const destination = new RecordingDestination();
  const stateStore = new MemoryStateStore();
  const options = {
    streams: new Map(streams.map((s) => [s.spec.name, s])),
    catalog: defaultConfiguredCatalog(streams),
    states,
    destination,
    stateStore,
    sink,
    connection: fakeConnection(fakeHttp(() => ({}))),
    config: {},
    clock: fixedClock(),
    logger: silentLogger,
    concurrency: 2,
    required,
  };
  return { sink, destination, stateStore, options, run: () => runStreams(options) };
}

describe("runStreams with a group that declines", () => {
  it("reads the members as their own streams when the group's accepts() says no (and sees the saved states)", async () => {
    const seen: unknown[] = [];
    const group: StreamGroup = {
      name: "a+b",
      members: ["a", "b"],
      accepts: (ctx) => (seen.push(ctx.members), false),
      read: () => {
        throw new Error("the group must not be read");
      },
    };
    const { options } = setup([pagedStream("a", 1), pagedStream("b", 1)], { a: { n: "0" } });
    const outcomes = await runStreams({ ...options, groups: [group] });
    expect(outcomes.map((o) => [o.stream, o.status, o.records])).toEqual([["a", "succeeded", 2], ["b", "succeeded", 2]]);
    expect(seen).toEqual([{ a: { mode: "incremental", state: { n: "0" } }, b: { mode: "incremental", state: undefined } }]);
  });
});

describe("runStreams", () => {
  it("after a soft stop, finishes the current page and starts no further stream", async () => {
    const stop = new AbortController();
    const stopping: Stream = {
      ...pagedStream("first", 5),
      async *read(ctx) {
        for await (const page of pagedStream("first", 5).read(ctx)) {
          stop.abort();
          yield page;
        }
      },
    };
    const { stateStore } = setup([]);
    const destination = new RecordingDestination();
    const streams = [stopping, pagedStream("second", 2)];
    const outcomes = await runStreams({
      streams: new Map(streams.map((s) => [s.spec.name, s])),
      catalog: defaultConfiguredCatalog(streams),
      states: {},
      destination,
      stateStore,
      sink: new CapturingSink(),
      connection: fakeConnection(fakeHttp(() => ({}))),
      config: {},
      clock: fixedClock(),
      logger: silentLogger,
      concurrency: 1,
      stopSignal: stop.signal,
    });
    expect(outcomes.map((o) => [o.stream, o.status, o.pages])).toEqual([["first", "stopped", 1]]);
    expect((stateStore as MemoryStateStore).snapshot()).toEqual({ first: { n: "1" } });
  });

  it("a soft stop during a rate-limit wait aborts the wait, not the page: stopped at once, state at the last checkpoint", async () => {
    const stop = new AbortController();
    let calls = 0;
    // Page 1's request succeeds; page 2's request waits on the rate budget when the stop arrives.
    const http = fakeHttp(() => ({}));
    http.getJson = async (_url, requestOptions) => {
      calls++;
      if (calls === 1) return { body: { n: 1 } as never, response: undefined as never };
      const wait = requestOptions?.waitSignal;
      expect(wait).toBe(stop.signal);
      return new Promise<never>((_r, reject) => {
        wait!.addEventListener("abort", () => reject(wait!.reason));
        setImmediate(() => stop.abort(new Error("SIGINT received")));
      });
    };
    const stream: Stream = {
      spec: { name: "waits", jsonSchema: { type: "object" }, primaryKey: [["id"]], cursorField: ["n"] },
      async *read(ctx) {
        for (let p = 0; p < 5; p++) {
          await ctx.http.getJson(`https://api.example.test/p${p}`, { signal: ctx.signal });
          yield { records: [{ id: p }], checkpoint: { n: String(p + 1) } };
        }
      },
    };
    const { options, destination, stateStore } = setup([stream]);
    const outcomes = await runStreams({ ...options, connection: fakeConnection(http), stopSignal: stop.signal });
    expect(calls).toBe(2);
    expect(outcomes.map((o) => [o.stream, o.status, o.pages, o.message])).toEqual([["waits", "stopped", 1, "stopped by signal"]]);
    expect(stateStore.snapshot()).toEqual({ waits: { n: "1" } });
    expect(destination.records.waits.map((r) => r.id)).toEqual([0]);
    expect(destination.events).toEqual(["open", "flush(1)", "flush(0)", "end(waits,false)", "close"]);
  });

  it("an aborted wait is a failure, not a stop, when no soft stop was asked for", async () => {
    const http = fakeHttp(() => ({}));
    http.getJson = async () => {
      throw new Error("SIGINT received");
    };
    const stream: Stream = {
      spec: { name: "w", jsonSchema: { type: "object" }, primaryKey: [["id"]] },
      async *read(ctx) {
        await ctx.http.getJson("https://api.example.test/x");
        yield { records: [] };
      },
    };
    const { options } = setup([stream]);
    const outcomes = await runStreams({ ...options, connection: fakeConnection(http), stopSignal: new AbortController().signal });
    expect(outcomes[0].status).toBe("failed");
  });

  it("flushes the destination before every state commit, and emits valid protocol messages", async () => {
    const { sink, destination, stateStore, run } = setup([pagedStream("a", 3)]);
    const [outcome] = await run();
    expect(outcome).toMatchObject({ stream: "a", status: "succeeded", records: 6, pages: 3 });
    expect(destination.events).toEqual(["open", "flush(2)", "flush(2)", "flush(2)", "flush(0)", "end(a,true)", "close"]);
    expect(stateStore.snapshot()).toEqual({ a: { n: "3" } });
    const validator = createProtocolValidator();
    for (const message of sink.messages) expect(validator.message(message)).toEqual([]);
    const statuses = sink.ofType("TRACE").map((m) => (m.trace as any).stream_status?.status);
    expect(statuses).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
    expect(sink.ofType("STATE").map((m) => m.state.sourceStats?.recordCount)).toEqual([2, 2, 2]);
  });

  it("resumes from migrated state and a failing stream does not stop the others", async () => {
    const { sink, destination, stateStore, run } = setup([pagedStream("a", 4, 2), pagedStream("b", 2)], { a: { n: "1" } });
    const outcomes = await run();
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "succeeded"]);
    expect(destination.records.a.map((r) => r.id)).toEqual([2, 3]);
    expect(stateStore.snapshot()).toEqual({ a: { n: "2" }, b: { n: "2" } });
    const error = sink.ofType("TRACE").find((m) => m.trace.type === "ERROR")!;
    expect(error.trace).toMatchObject({ error: { failure_type: "transient_error", stream_descriptor: { name: "a" } } });
    expect(destination.events).toContain("end(a,false)");
  });

  it("skips a refused stream with a WARN, unless the user named it", async () => {
    const skipped = setup([skippedStream]);
    expect((await skipped.run())[0].status).toBe("skipped");
    expect(skipped.sink.ofType("LOG")[0].log).toMatchObject({ level: "WARN" });
    const named = setup([skippedStream], {}, new Set(["gated"]));
    expect((await named.run())[0].status).toBe("failed");
  });

  it("fails a stream whose saved state cannot be migrated, without reading it", async () => {
    const stream: Stream = {
      ...pagedStream("a", 1),
      migrateState: () => {
        throw new Error("updated_at must be a unix timestamp string");
      },
    };
    const { run } = setup([stream], { a: { updated_at: "yesterday" } });
    const [outcome] = await run();
    expect(outcome.status).toBe("failed");
    expect(outcome.message).toMatch(/saved state of stream "a" cannot be used/);
  });

  it("reads a group once when two members are selected, and each member alone otherwise", async () => {
    let groupReads = 0;
    const group: StreamGroup = {
      name: "events",
      members: ["a", "b"],
      async *read(ctx) {
        groupReads++;
        expect(Object.keys(ctx.members).sort()).toEqual(["a", "b"]);
        expect(ctx.members.a.state).toEqual({ n: "1" });
        yield { records: { a: [{ id: 1 }], b: [{ id: 10 }, { id: 11 }] }, checkpoints: { a: { n: "2" }, b: { n: "9" } } };
      },
    };
    const both = setup([pagedStream("a", 3), pagedStream("b", 3)], { a: { n: "1" } });
    const outcomes = await runStreams({ ...both.options, groups: [group] });
    expect(groupReads).toBe(1);
    expect(outcomes.map((o) => [o.stream, o.status, o.records])).toEqual([["a", "succeeded", 1], ["b", "succeeded", 2]]);
    expect(both.stateStore.snapshot()).toEqual({ a: { n: "2" }, b: { n: "9" } });
    expect(both.destination.events.indexOf("flush(3)")).toBeLessThan(both.destination.events.indexOf("end(a,true)"));

    const alone = setup([pagedStream("a", 2)]);
    await runStreams({ ...alone.options, groups: [group] });
    expect(groupReads).toBe(1);
    expect(alone.destination.records.a).toHaveLength(4);
  });

  it("with an overwrite destination, saves state only once the stream's data is swapped in", async () => {
    const full = setup([pagedStream("a", 3, 2)]);
    const catalog = defaultConfiguredCatalog([pagedStream("a", 3)], { fullRefresh: true });
    const failed = await runStreams({ ...full.options, catalog });
    expect(failed[0].status).toBe("failed");
    expect(full.stateStore.snapshot()).toEqual({});
    expect(full.sink.ofType("STATE")).toEqual([]);

    const ok = setup([pagedStream("a", 3)]);
    await runStreams({ ...ok.options, catalog });
    expect(ok.stateStore.snapshot()).toEqual({ a: { n: "3" } });
    expect(ok.sink.ofType("STATE").map((m) => m.state.sourceStats?.recordCount)).toEqual([6]);
    const order = ok.sink.messages.map((m) => (m.type === "STATE" ? "STATE" : m.type === "TRACE" ? (m.trace as any).stream_status?.status : m.type));
    expect(order.indexOf("STATE")).toBeLessThan(order.indexOf("COMPLETE"));
  });
});
