/** Deletions at the source (Destination.delete) in each sync mode, and across a killed run. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Deletion, StreamRecord } from "@calabi/kernel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonlDestination } from "./jsonl-destination.js";
import { catalogOf, makeTempDir, memoryLogger, readJsonl, readText, removeDir, type StreamConfig } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

type Op = StreamRecord | { deleted: StreamRecord; at: string };
const del = (record: StreamRecord, at = "2026-11-02T00:00:00Z"): Op => ({ deleted: record, at });

async function sync(config: StreamConfig, ops: Op[], options: { end?: boolean } = {}): Promise<JsonlDestination> {
  const dest = new JsonlDestination({ output: dir, logger: memoryLogger() });
  await dest.open(catalogOf(config));
  for (const op of ops) {
    if ("deleted" in op) await dest.delete(config.name, { record: op.deleted as StreamRecord, deletedAt: op.at as string } satisfies Deletion);
    else await dest.write(config.name, op);
  }
  await dest.flush();
  if (options.end === false) return dest;
  await dest.endStream(config.name, true);
  await dest.close();
  return dest;
}


describe("deletions", () => {
  it("append_dedup: a deletion removes the key; a later version (a restored record) comes back", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append_dedup" };
    await sync(config, [{ id: 1, v: 1 }, { id: 2, v: 1 }, { id: 3, v: 1 }]);
    await sync(config, [{ id: 2, v: 2 }, del({ id: 2, status: "deleted" }), del({ id: 3 }), del({ id: 99 })]);
    expect(await readJsonl(join(dir, "tickets.jsonl"))).toEqual([{ id: 1, v: 1 }]);
    await sync(config, [{ id: 3, v: 3 }]);
    expect(await readJsonl(join(dir, "tickets.jsonl"))).toEqual([{ id: 1, v: 1 }, { id: 3, v: 3 }]);
  });

  it("append_dedup: a tombstone journalled by a killed run is applied by the next open", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append_dedup" };
    await sync(config, [{ id: 1 }, { id: 2 }]);
    // What a run killed after its flush leaves: the journal holds the tombstone, not merged yet.
    await writeFile(join(dir, "tickets.jsonl.incoming"), JSON.stringify({ id: 1, _ab_cdc_deleted_at: "2026-11-02T00:00:00Z" }) + "\n");
    const dest = new JsonlDestination({ output: dir, logger: memoryLogger() });
    await dest.open(catalogOf(config));
    expect(await readJsonl(join(dir, "tickets.jsonl"))).toEqual([{ id: 2 }]);
    expect((await readText(join(dir, "tickets.jsonl.incoming"))) ?? "").toBe(""); // merged; reopened empty for this run
    await dest.close();
  });

  it("append: the deletion is logged as Airbyte's CDC record", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append" };
    await sync(config, [{ id: 1, status: "open" }, del({ id: 1, status: "deleted" }, "2026-11-03T00:00:00Z")]);
    expect(await readJsonl(join(dir, "tickets.jsonl"))).toEqual([
      { id: 1, status: "open" },
      { id: 1, status: "deleted", _ab_cdc_deleted_at: "2026-11-03T00:00:00Z" },
    ]);
  });

  it("overwrite: the new version leaves out a record deleted later in the same run, keeps one restored after it", async () => {
    const config: StreamConfig = { name: "tickets", mode: "overwrite" };
    await sync(config, [{ id: 9 }]);
    await sync(config, [{ id: 1 }, { id: 2 }, { id: 3 }, del({ id: 2 }), del({ id: 3 }), { id: 3, v: 2 }, del({ id: 77 })]);
    expect(await readJsonl(join(dir, "tickets.jsonl"))).toEqual([{ id: 1 }, { id: 3, v: 2 }]);
    expect(await readText(join(dir, "tickets.jsonl.compacting"))).toBeUndefined();
  });

  it("refuses a deletion without a primary key value", async () => {
    const config: StreamConfig = { name: "tickets", mode: "append_dedup" };
    const dest = new JsonlDestination({ output: dir, logger: memoryLogger() });
    await dest.open(catalogOf(config));
    await expect(dest.delete("tickets", { record: { subject: "no id" }, deletedAt: "2026-11-02T00:00:00Z" })).rejects.toThrow(/no primary key value/);
    await dest.close();
  });
});
