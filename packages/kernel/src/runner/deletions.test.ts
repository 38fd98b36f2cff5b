/** Deletions reported by a stream: the runner's delete operation, the CDC fallback, keepDeleted, read and discover. */
import { describe, expect, it } from "vitest";
import { CapturingSink, fakeConnection, fakeHttp, fixedClock, RecordingDestination } from "../../test/fakes.js";
import type { Deletion, Stream, StreamRecord } from "../contracts/stream.js";
import { silentLogger } from "../logging/logger.js";
import { MemoryStateStore } from "../state/file-state-store.js";
import { defineRestStream } from "../streams/define-rest-stream.js";
import { exportCursorPaginator } from "../pagination/index.js";
import { defaultConfiguredCatalog, discoverCatalog } from "./catalog.js";
import { ProtocolDestination } from "./protocol-destination.js";
import { runStreams } from "./run-streams.js";

const deleting: Stream = {
  spec: { name: "tickets", jsonSchema: { type: "object", properties: { id: { type: "integer" } } }, primaryKey: [["id"]], cursorField: ["n"], deletions: true },
  async *read() {
    yield { records: [{ id: 1 }, { id: 2 }], checkpoint: { n: "1" } };
    yield { records: [{ id: 3 }], deletions: [{ record: { id: 1, status: "deleted" }, deletedAt: "2026-11-02T00:00:00Z" }], checkpoint: { n: "2" } };
  },
};

class DeletingDestination extends RecordingDestination {
  readonly deleted: Record<string, Deletion[]> = {};
  async delete(stream: string, deletion: Deletion) {
    (this.deleted[stream] ??= []).push(deletion);
    this.events.push(`delete(${String(deletion.record.id)})`);
  }
}

function run(destination: RecordingDestination, keepDeleted = false) {
  return runStreams({
    streams: new Map([["tickets", deleting]]),
    catalog: defaultConfiguredCatalog([deleting]),
    states: {},
    destination,
    stateStore: new MemoryStateStore(),
    sink: new CapturingSink(),
    connection: fakeConnection(fakeHttp(() => ({}))),
    config: {},
    clock: fixedClock(),
    logger: silentLogger,
    concurrency: 1,
    keepDeleted,
  });
}

describe("deletions", () => {
  it("are passed to Destination.delete after the page's records and before its checkpoint's flush", async () => {
    const destination = new DeletingDestination();
    const [outcome] = await run(destination);
    expect(destination.events).toEqual(["open", "flush(2)", "delete(1)", "flush(1)", "flush(0)", "end(tickets,true)", "close"]);
    expect(outcome).toMatchObject({ records: 3, deletions: 1, status: "succeeded" });
  });

  it("reach a destination without delete as Airbyte's CDC record", async () => {
    const destination = new RecordingDestination();
    await run(destination);
    expect(destination.records.tickets.at(-1)).toEqual({ id: 1, status: "deleted", _ab_cdc_deleted_at: "2026-11-02T00:00:00Z" });
  });

  it("are ignored with keepDeleted", async () => {
    const destination = new DeletingDestination();
    const [outcome] = await run(destination, true);
    expect(destination.deleted).toEqual({});
    expect(outcome.deletions).toBeUndefined();
  });

  it("read emits them as RECORD messages with _ab_cdc_deleted_at; discover declares the column", async () => {
    const sink = new CapturingSink();
    const protocol = new ProtocolDestination(sink, fixedClock());
    await protocol.delete("tickets", { record: { id: 7 }, deletedAt: "2026-11-02T00:00:00Z" });
    expect(sink.ofType("RECORD")[0].record.data).toEqual({ id: 7, _ab_cdc_deleted_at: "2026-11-02T00:00:00Z" });
    const [stream] = discoverCatalog([deleting]).streams;
    expect((stream.json_schema.properties as Record<string, unknown>)._ab_cdc_deleted_at).toEqual({ type: ["null", "string"], format: "date-time" });
    expect(discoverCatalog([{ ...deleting, spec: { ...deleting.spec, deletions: undefined } }]).streams[0].json_schema.properties).not.toHaveProperty("_ab_cdc_deleted_at");
  });

  it("defineRestStream({ deletedAt }) turns reported deletions into Page.deletions; they still move the cursor", async () => {
    const pages = [
      { tickets: [{ id: 1, status: "open", ts: 100 }, { id: 2, status: "deleted", ts: 200, updated_at: "2026-11-02T00:00:00Z" }], after_url: "https://acme.zendesk.com/api/v2/x?cursor=2", end_of_stream: false },
      { tickets: [{ id: 3, status: "open", ts: 300 }], after_url: null, end_of_stream: true },
    ];
    const http = fakeHttp((url) => (url.searchParams.get("cursor") ? pages[1] : pages[0]));
    const stream = defineRestStream({
      name: "tickets",
      path: "x",
      paginator: () => exportCursorPaginator(),
      records: "tickets",
      primaryKey: "id",
      schema: { type: "object" },
      incremental: { kind: "server", cursorField: "ts", stateFormat: "unix", startParams: (start) => ({ start_time: String(start) }) },
      start: () => 0,
      deletedAt: (record: StreamRecord) => (record.status === "deleted" ? String(record.updated_at) : undefined),
    });
    expect(stream.spec.deletions).toBe(true);
    const got = [];
    for await (const page of stream.read({ config: {}, mode: "incremental", state: undefined, http, baseUrl: "https://acme.zendesk.com", logger: silentLogger, clock: fixedClock(), signal: new AbortController().signal, progress: { page: () => undefined } })) got.push(page);
    expect(got[0].records.map((r) => r.id)).toEqual([1]);
    expect(got[0].deletions).toEqual([{ record: pages[0].tickets[1], deletedAt: "2026-11-02T00:00:00Z" }]);
    expect(got[0].checkpoint).toEqual({ ts: "200" });
    expect(got[1].deletions).toBeUndefined();
  });
});
