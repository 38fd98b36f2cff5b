import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, type Deletion, type StreamRecord, type StreamState } from "@calabi/kernel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckdbDestination } from "./duckdb-destination.js";
import { catalogOf, makeTempDir, memoryLogger, query, removeDir, TICKET_SCHEMA, type StreamConfig } from "./__tests__/helpers.js";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await makeTempDir();
  path = join(dir, "zendesk.duckdb");
});
afterEach(async () => {
  await removeDir(dir);
});

const T0 = Date.UTC(2026, 10, 1);
type Op = StreamRecord | { delete: StreamRecord };

function destination(now = () => T0) {
  const logger = memoryLogger();
  return { dest: new DuckdbDestination({ output: path, logger, now }), logger };
}

/**
 * One sync of one stream, as the runner drives it: pages of operations, each followed by a flush
 * and (when `state` is given) a state commit in the database; then endStream.
 */
async function sync(config: StreamConfig, pages: Op[][], options: { state?: (page: number) => StreamState; succeeded?: boolean } = {}) {
  const { dest, logger } = destination();
  const store = dest.stateStore();
  const before = await store.load();
  await dest.open(catalogOf(config));
  for (const [i, page] of pages.entries()) {
    for (const op of page) {
      if ("delete" in op) await dest.delete(config.name, { record: op.delete as StreamRecord, deletedAt: "2026-11-02T00:00:00Z" } satisfies Deletion);
      else await dest.write(config.name, op);
    }
    await dest.flush();
    if (options.state && config.mode !== "overwrite") await store.commit(config.name, options.state(i));
  }
  await dest.endStream(config.name, options.succeeded ?? true);
  if (options.state && config.mode === "overwrite" && (options.succeeded ?? true)) await store.commit(config.name, options.state(pages.length - 1));
  await dest.close();
  return { before, logger };
}

const ids = async (table: string) => (await query(path, `SELECT id FROM "${table}" ORDER BY id`)).map((r) => Number(r.id));

describe("columns and rows", () => {
  it("maps the JSON schema to typed columns, keeps unknown fields and misfits in _calabi_extra", async () => {
    await sync({ name: "tickets", mode: "append" }, [
      [
        { id: 1, subject: "Printer", score: 2.5, is_public: true, updated_at: "2026-11-01T10:00:00Z", via: { channel: "web" }, tags: ["a", "b"], brand: "x" },
        { id: 2, subject: 42, updated_at: "yesterday", score: null },
      ],
    ]);
    const columns = await query(path, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'tickets' ORDER BY ordinal_position");
    expect(columns.map((c) => `${c.column_name} ${c.data_type}`)).toEqual([
      "id BIGINT",
      "subject VARCHAR",
      "score DOUBLE",
      "is_public BOOLEAN",
      "updated_at TIMESTAMP WITH TIME ZONE",
      "via JSON",
      "tags JSON",
      "_calabi_extracted_at TIMESTAMP WITH TIME ZONE",
      "_calabi_extra JSON",
    ]);
    const rows = await query(
      path,
      "SELECT id, subject, score, is_public, epoch(updated_at) AS t, via->>'$.channel' AS channel, tags, epoch_ms(_calabi_extracted_at) AS at, _calabi_extra FROM tickets ORDER BY id",
    );
    expect(rows[0]).toEqual({ id: "1", subject: "Printer", score: 2.5, is_public: true, t: Date.UTC(2026, 10, 1, 10) / 1000, channel: "web", tags: '["a","b"]', at: String(T0), _calabi_extra: '{"brand":"x"}' });
    // Nothing dropped: a string where the schema says integer... and a date-time that is not one.
    expect(JSON.parse(String(rows[1]._calabi_extra))).toEqual({ subject: 42, updated_at: "yesterday" });
    expect(rows[1].subject).toBeNull();
  });
});

describe("sync modes", () => {
  it("append_dedup: MERGE on the key keeps the newest version; deletions remove rows; a restored key comes back", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append_dedup" };
    await sync(config, [[{ id: 1, subject: "v1" }, { id: 2, subject: "v1" }, { id: 3, subject: "v1" }], [{ id: 1, subject: "v2" }]], { state: (p) => ({ cursor: p }) });
    expect(await query(path, "SELECT id, subject FROM tickets ORDER BY id")).toEqual([
      { id: "1", subject: "v2" },
      { id: "2", subject: "v1" },
      { id: "3", subject: "v1" },
    ]);
    // In one page: an update then the deletion of 2; the deletion of 3 and of a key never seen.
    await sync(config, [[{ id: 2, subject: "v2" }, { delete: { id: 2 } }, { delete: { id: 3 } }, { delete: { id: 99 } }, { id: 4, subject: "new" }]], { state: () => ({ cursor: 9 }) });
    expect(await ids("tickets")).toEqual([1, 4]);
    await sync(config, [[{ id: 3, subject: "restored" }]]);
    expect(await query(path, "SELECT id, subject FROM tickets ORDER BY id")).toEqual([
      { id: "1", subject: "v2" },
      { id: "3", subject: "restored" },
      { id: "4", subject: "new" },
    ]);
  });

  it("append_dedup keeps every record without a key value (they cannot be matched)", async () => {
    await sync({ name: "tickets", mode: "append_dedup" }, [[{ id: null, subject: "a" }, { subject: "b" }, { id: 1 }, { id: 1 }]]);
    expect(await query(path, "SELECT count(*)::INT AS n, count(id)::INT AS keyed FROM tickets")).toEqual([{ n: 3, keyed: 1 }]);
  });

  it("append (incremental and full refresh) adds rows; a deletion is logged with _ab_cdc_deleted_at", async () => {
    const schema = { ...TICKET_SCHEMA, properties: { ...(TICKET_SCHEMA.properties as object), _ab_cdc_deleted_at: { type: ["null", "string"], format: "date-time" } } };
    const config: StreamConfig = { name: "tickets", mode: "append", schema };
    await sync(config, [[{ id: 1 }, { id: 2 }]], { state: () => ({ cursor: 1 }) });
    await sync(config, [[{ id: 2 }, { delete: { id: 1, subject: "gone" } }]]);
    expect(await query(path, "SELECT id, subject, epoch(_ab_cdc_deleted_at) AS deleted FROM tickets ORDER BY id, deleted NULLS FIRST")).toEqual([
      { id: "1", subject: null, deleted: null },
      { id: "1", subject: "gone", deleted: Date.UTC(2026, 10, 2) / 1000 },
      { id: "2", subject: null, deleted: null },
      { id: "2", subject: null, deleted: null },
    ]);
  });

  it("overwrite builds a new table and swaps it in at the end; a failed stream keeps the old table", async () => {
    const config: StreamConfig = { name: "tags", mode: "overwrite" };
    await sync(config, [[{ id: 1 }, { id: 2 }], [{ id: 3 }]]);
    expect(await ids("tags")).toEqual([1, 2, 3]);
    await sync(config, [[{ id: 7 }, { id: 8 }, { delete: { id: 7 } }]]);
    expect(await ids("tags")).toEqual([8]);
    const { logger } = await sync(config, [[{ id: 100 }]], { succeeded: false });
    expect(await ids("tags")).toEqual([8]);
    expect(logger.entries.some((e) => e.level === "warn" && /previous table kept/.test(e.message))).toBe(true);
    expect(await query(path, "SELECT table_name FROM information_schema.tables ORDER BY table_name")).toEqual([{ table_name: "_calabi_state" }, { table_name: "tags" }]);
  });
});

describe("state in the database", () => {
  it("a checkpoint commits its rows and the state together; rows after the last checkpoint are rolled back", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append" };
    const { dest } = destination();
    const store = dest.stateStore();
    await dest.open(catalogOf(config));
    await dest.write("tickets", { id: 1 });
    await dest.flush();
    await store.commit("tickets", { cursor: "1" });
    await dest.write("tickets", { id: 2 });
    await dest.flush(); // staged in the transaction, not committed: no state covers it yet
    await dest.close(); // as a killed run: the transaction never commits
    expect(await ids("tickets")).toEqual([1]);

    const next = destination().dest;
    expect(await next.stateStore().load()).toEqual({ tickets: { cursor: "1" } });
    await next.close();
  });

  it("with the state elsewhere (--state FILE), flush commits the rows on its own", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append_dedup" };
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.write("tickets", { id: 1 });
    await dest.flush();
    await dest.write("tickets", { id: 2 });
    await dest.close();
    expect(await ids("tickets")).toEqual([1]);
  });

  it("streams commit independently: one stream's checkpoint never commits another's rows", async () => {
    const { dest } = destination();
    const store = dest.stateStore();
    await dest.open(catalogOf({ name: "tickets", mode: "append" }, { name: "users", mode: "append_dedup" }));
    await dest.write("tickets", { id: 1 });
    await dest.write("users", { id: 10 });
    await dest.flush();
    await store.commit("tickets", { cursor: "t" });
    await dest.close();
    expect(await ids("tickets")).toEqual([1]);
    expect(await ids("users")).toEqual([]);
    expect(await query(path, "SELECT stream FROM _calabi_state")).toEqual([{ stream: "tickets" }]);
  });
});

describe("schema evolution", () => {
  it("a new field adds a column; integer → number widens; a change it cannot widen is reported and nothing is dropped", async () => {
    const v1 = { type: "object", properties: { id: { type: "integer" }, score: { type: "integer" }, name: { type: "string" } } };
    await sync({ name: "users", mode: "append_dedup", schema: v1 }, [[{ id: 1, score: 3, name: "Ann" }]]);
    const v2 = { type: "object", properties: { id: { type: "integer" }, score: { type: "number" }, name: { type: "integer" }, email: { type: "string" } } };
    const { logger } = await sync({ name: "users", mode: "append_dedup", schema: v2 }, [[{ id: 2, score: 2.5, name: 7, email: "b@x" }]]);
    const columns = await query(path, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position");
    expect(columns.map((c) => `${c.column_name} ${c.data_type}`)).toEqual([
      "id BIGINT",
      "score DOUBLE",
      "name VARCHAR",
      "_calabi_extracted_at TIMESTAMP WITH TIME ZONE",
      "_calabi_extra JSON",
      "email VARCHAR",
    ]);
    expect(await query(path, "SELECT id, score, name, email, _calabi_extra FROM users ORDER BY id")).toEqual([
      { id: "1", score: 3, name: "Ann", email: null, _calabi_extra: null },
      { id: "2", score: 2.5, name: null, email: "b@x", _calabi_extra: '{"name":7}' },
    ]);
    expect(logger.entries.find((e) => e.level === "warn" && /cannot widen/.test(e.message))?.fields).toMatchObject({ column: "name", type: "VARCHAR", schema: "BIGINT" });
    expect(logger.entries.some((e) => /did not fit/.test(e.message) && e.fields?.values === 1)).toBe(true);
  });

  it("anything widens to JSON", async () => {
    const v1 = { type: "object", properties: { id: { type: "integer" }, value: { type: "string" } } };
    await sync({ name: "fields", mode: "append", schema: v1 }, [[{ id: 1, value: "text" }]]);
    const v2 = { type: "object", properties: { id: { type: "integer" }, value: {} } };
    await sync({ name: "fields", mode: "append", schema: v2 }, [[{ id: 2, value: { a: 1 } }]]);
    expect(await query(path, "SELECT id, value FROM fields ORDER BY id")).toEqual([
      { id: "1", value: '"text"' },
      { id: "2", value: '{"a":1}' },
    ]);
  });
});

describe("bad input", () => {
  it("a file that is not a DuckDB database", async () => {
    await writeFile(path, "id,name\n1,Ann\n".repeat(500));
    const { dest } = destination();
    const error = await dest.open(catalogOf({ name: "tickets", mode: "append" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/is not a DuckDB database/);
  });

  it("a directory, or a missing directory", async () => {
    const inDir = new DuckdbDestination({ output: dir, logger: memoryLogger() });
    await expect(inDir.open(catalogOf({ name: "tickets", mode: "append" }))).rejects.toThrow(/is a directory; name a database file/);
    const missing = new DuckdbDestination({ output: join(dir, "nope", "z.duckdb"), logger: memoryLogger() });
    await expect(missing.stateStore().load()).rejects.toThrow(/does not exist/);
  });

  it("catalog problems: append_dedup without a key, reserved and clashing names", async () => {
    const { dest } = destination();
    await expect(dest.open(catalogOf({ name: "tickets", mode: "append_dedup", key: [] }))).rejects.toThrow(/append_dedup but has no primary key/);
    await expect(destination().dest.open(catalogOf({ name: "_calabi_state", mode: "append" }))).rejects.toThrow(/reserved/);
    await expect(destination().dest.open(catalogOf({ name: "Tickets", mode: "append" }, { name: "tickets", mode: "append" }))).rejects.toThrow(/would share one DuckDB table/);
  });
});
