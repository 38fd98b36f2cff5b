import { describe, expect, it } from "vitest";
import { fakeHttp, fixedClock } from "../../test/fakes.js";
import type { Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { HttpFailure, SkipError } from "../errors.js";
import { createLogger } from "../logging/logger.js";
import { isPerPartitionState, PartitionedState, partitionKey } from "./partitioned-state.js";
import { mapBounded, readSubstream, type SubstreamDefinition } from "./substream.js";

const START = 1_600_000_000;

function context(state?: StreamState, logs: string[] = []): ReadContext {
  return {
    config: {},
    concurrency: 3,
    mode: state ? "incremental" : "full_refresh",
    state,
    http: fakeHttp(() => ({})),
    baseUrl: "https://acme.example.com",
    logger: createLogger((level, line) => logs.push(`${level}: ${line}`)),
    clock: fixedClock(),
    signal: new AbortController().signal,
    progress: { page: () => undefined },
  };
}

/** A parent "tickets" stream with fixed pages; each page checkpoints {generated_timestamp}. */
function parentStream(pages: number[][], seen: (StreamState | undefined)[] = []): Stream {
  return {
    spec: { name: "tickets", jsonSchema: {}, primaryKey: [["id"]] },
    async *read(ctx) {
      seen.push(ctx.state);
      const from = Number(ctx.state?.generated_timestamp ?? 0);
      for (const ids of pages) {
        const records = ids.filter((id) => id * 10 >= from).map((id) => ({ id, generated_timestamp: id * 10 }));
        yield { records, checkpoint: { generated_timestamp: String(Math.max(from, ...ids.map((id) => id * 10))) } };
      }
    },
  };
}

async function collect<R, S>(pages: AsyncIterable<Page<R, S>>) {
  const out: Page<R, S>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const iso = (s: number) => new Date(s * 1000).toISOString().replace(".000Z", "Z");

function definition(parent: Stream, children: (ticketId: number, since: number) => StreamRecord[] | Error): SubstreamDefinition {
  return {
    parent,
    partition: (t) => ({ ticket_id: t.id }),
    readPartition: async ({ partition, since }) => {
      const answer = children(partition.ticket_id as number, since);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    cursorField: "updated_at",
    stateFormat: "iso",
    start: () => START,
  };
}

describe("PartitionedState", () => {
  const options = { cursorField: "updated_at", format: "iso" as const, parentStream: "tickets" };

  it("reads and writes Airbyte's layout, including parent_state", () => {
    const saved = {
      use_global_cursor: false,
      lookback_window: 0,
      state: { updated_at: "2024-05-30T09:00:00Z" },
      states: [{ partition: { ticket_id: 101, parent_slice: {} }, cursor: { updated_at: "2024-05-30T09:00:00Z" } }],
      parent_state: { tickets: { generated_timestamp: "1717000200" } },
    };
    const state = new PartitionedState(options, saved);
    expect(isPerPartitionState(saved)).toBe(true);
    expect(state.cursorFor({ ticket_id: 101 })).toBe(Date.parse("2024-05-30T09:00:00Z") / 1000);
    expect(state.cursorFor({ ticket_id: 102 })).toBeUndefined();
    expect(state.parentState).toEqual({ generated_timestamp: "1717000200" });
    expect(state.toState()).toEqual(saved);
  });

  it("a partition's identity ignores key order and parent_slice", () => {
    expect(partitionKey({ a: 1, b: { y: 2, x: 1 } })).toBe(partitionKey({ parent_slice: {}, b: { x: 1, y: 2 }, a: 1 }));
  });

  it("never moves a partition cursor backwards; the global cursor is the newest finished value", () => {
    const state = new PartitionedState(options);
    state.finish({ ticket_id: 1 }, 200);
    state.finish({ ticket_id: 1 }, 100);
    state.finish({ ticket_id: 2 }, 150);
    expect(state.cursorFor({ ticket_id: 1 })).toBe(200);
    expect(state.globalCursor).toBe(200);
    expect(state.toState().states.map((s) => s.cursor.updated_at)).toEqual([iso(200), iso(150)]);
  });

  it("collapses to the global cursor past maxPartitions", () => {
    const state = new PartitionedState({ ...options, maxPartitions: 2 });
    state.finish({ ticket_id: 1 }, 100);
    state.finish({ ticket_id: 2 }, 300);
    expect(state.usesGlobalCursor).toBe(false);
    state.finish({ ticket_id: 3 }, 200);
    expect(state.usesGlobalCursor).toBe(true);
    expect(state.cursorFor({ ticket_id: 99 })).toBe(300);
    expect(state.toState()).toEqual({ use_global_cursor: true, lookback_window: 0, state: { updated_at: iso(300) }, states: [] });
    // A saved state with too many partitions collapses on load too.
    const many = { states: [1, 2, 3].map((id) => ({ partition: { ticket_id: id }, cursor: { updated_at: iso(id) } })) };
    expect(new PartitionedState({ ...options, maxPartitions: 2 }, many).usesGlobalCursor).toBe(true);
  });

  it("takes a plain {cursor: value} as the global cursor", () => {
    const state = new PartitionedState({ ...options, format: "unix" }, { updated_at: "1700000000" });
    expect(state.globalCursor).toBe(1_700_000_000);
    expect(state.cursorFor({ ticket_id: 1 })).toBeUndefined();
  });
});

describe("readSubstream", () => {
  it("yields one page per parent page whose checkpoint carries the parent's state", async () => {
    const def = definition(parentStream([[1, 2], [3]]), (id) => [{ id: `c${id}`, updated_at: iso(START + id) }]);
    const pages = await collect(readSubstream(def, context()));
    expect(pages.map((p) => p.records.map((r) => r.id))).toEqual([["c1", "c2"], ["c3"]]);
    expect(pages[0].checkpoint?.parent_state).toEqual({ tickets: { generated_timestamp: "20" } });
    expect(pages[1].checkpoint).toEqual({
      use_global_cursor: false,
      lookback_window: 0,
      state: { updated_at: iso(START + 3) },
      states: [1, 2, 3].map((id) => ({ partition: { ticket_id: id, parent_slice: {} }, cursor: { updated_at: iso(START + id) } })),
      parent_state: { tickets: { generated_timestamp: "30" } },
    });
  });

  it("resumes the parent from parent_state and each partition from its own cursor", async () => {
    const seen: (StreamState | undefined)[] = [];
    const sinces = new Map<number, number>();
    const def = definition(parentStream([[1, 2, 3]], seen), (id, since) => {
      sinces.set(id, since);
      return [
        { id: `old${id}`, updated_at: iso(START + 1) },
        { id: `new${id}`, updated_at: iso(START + 100) },
      ];
    });
    const saved = {
      states: [{ partition: { ticket_id: 2, parent_slice: {} }, cursor: { updated_at: iso(START + 50) } }],
      parent_state: { tickets: { generated_timestamp: "20" } },
    };
    const pages = await collect(readSubstream(def, context(saved)));
    expect(seen).toEqual([{ generated_timestamp: "20" }]);
    expect(sinces.get(2)).toBe(START + 50);
    expect(sinces.get(3)).toBe(START);
    // Ticket 2's old child is older than its cursor: dropped client-side.
    // Ticket 1 is older than the parent state; ticket 3 is new, so all its children count.
    expect(pages[0].records.map((r) => r.id)).toEqual(["new2", "old3", "new3"]);
  });

  it("skips a partition refused with a partition-scoped SkipError and still advances the parent", async () => {
    const logs: string[] = [];
    const def = definition(parentStream([[1, 2, 3]]), (id) =>
      id === 2 ? new SkipError("partition", "HTTP 403 for ticket 2", 403) : [{ id: `c${id}`, updated_at: iso(START + id) }],
    );
    const pages = await collect(readSubstream(def, context(undefined, logs)));
    expect(pages[0].records.map((r) => r.id)).toEqual(["c1", "c3"]);
    expect(pages[0].checkpoint?.parent_state).toEqual({ tickets: { generated_timestamp: "30" } });
    expect(logs.some((l) => l.startsWith("warn:") && l.includes('"ticket_id":2'))).toBe(true);
  });

  it("a partition that keeps failing fails the stream before the parent page's checkpoint", async () => {
    const def = definition(parentStream([[1], [2], [3]]), (id) =>
      id === 2 ? new HttpFailure("GET /x failed 8 times", "transient_error", 500, "/x") : [{ id: `c${id}`, updated_at: iso(START + id) }],
    );
    const pages: Page[] = [];
    await expect(
      (async () => {
        for await (const page of readSubstream(def, context())) pages.push(page);
      })(),
    ).rejects.toThrow(HttpFailure);
    // Only the first parent page was checkpointed: the parent cursor never passes ticket 2.
    expect(pages.map((p) => p.checkpoint?.parent_state)).toEqual([{ tickets: { generated_timestamp: "10" } }]);
  });

  it("a stream-scoped SkipError is not swallowed", async () => {
    const def = definition(parentStream([[1]]), () => new SkipError("stream", "You do not have access"));
    await expect(collect(readSubstream(def, context()))).rejects.toThrow(SkipError);
  });

  it("reads partitions with bounded concurrency and keeps parent order", async () => {
    let inFlight = 0;
    let peak = 0;
    const def: SubstreamDefinition = {
      ...definition(parentStream([[1, 2, 3, 4, 5, 6, 7]]), () => []),
      concurrency: 2,
      readPartition: async ({ partition }) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 8 - (partition.ticket_id as number)));
        inFlight--;
        return [{ id: partition.ticket_id, updated_at: iso(START) }];
      },
    };
    const [page] = await collect(readSubstream(def, context()));
    expect(peak).toBe(2);
    expect(page.records.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("mapBounded", () => {
  it("starts nothing new after a failure and throws it", async () => {
    const started: number[] = [];
    await expect(
      mapBounded([1, 2, 3, 4, 5], 1, undefined, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("boom");
        return n;
      }),
    ).rejects.toThrow("boom");
    expect(started).toEqual([1, 2]);
  });
});
