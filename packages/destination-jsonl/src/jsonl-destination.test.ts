import { mkdir, open, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "@calabi/kernel";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JsonlDestination } from "./jsonl-destination.js";
import { LineWriter } from "./line-writer.js";
import { catalogOf, makeTempDir, memoryLogger, readJsonl, readText, removeDir, type StreamConfig } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await removeDir(dir);
});

function destination(options: { bufferBytes?: number; output?: string } = {}) {
  const logger = memoryLogger();
  const dest = new JsonlDestination({ output: options.output ?? dir, logger, bufferBytes: options.bufferBytes });
  return { dest, logger };
}

/** One complete sync of `records` into `stream`. */
async function sync(config: StreamConfig, records: object[], succeeded = true): Promise<void> {
  const { dest } = destination();
  await dest.open(catalogOf(config));
  for (const record of records) await dest.write(config.name, record as Record<string, unknown>);
  await dest.flush();
  await dest.endStream(config.name, succeeded);
  await dest.close();
}

const file = (stream: string) => join(dir, `${stream}.jsonl`);

describe("overwrite", () => {
  const config: StreamConfig = { name: "tickets", mode: "overwrite" };

  it("replaces the file when the stream succeeds", async () => {
    await sync(config, [{ id: 1 }, { id: 2 }]);
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 1 }, { id: 2 }]);
    await sync(config, [{ id: 3 }]);
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 3 }]);
    expect(await readdir(dir)).toEqual(["tickets.jsonl"]);
  });

  it("writes only to staging until the stream ends", async () => {
    await sync(config, [{ id: 1 }]);
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.write("tickets", { id: 2 });
    await dest.flush();
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 1 }]);
    expect(await readJsonl(join(dir, "tickets.jsonl.staging"))).toEqual([{ id: 2 }]);
    await dest.endStream("tickets", true);
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 2 }]);
    await dest.close();
  });

  it("keeps the previous file when the stream fails", async () => {
    await sync(config, [{ id: 1 }]);
    await sync(config, [{ id: 2 }, { id: 3 }], false);
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 1 }]);
    expect(await readdir(dir)).toEqual(["tickets.jsonl"]);
  });

  it("keeps the previous file when closed without endStream", async () => {
    await sync(config, [{ id: 1 }]);
    const { dest, logger } = destination();
    await dest.open(catalogOf(config));
    await dest.write("tickets", { id: 2 });
    await dest.close();
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 1 }]);
    expect(await readdir(dir)).toEqual(["tickets.jsonl"]);
    expect(logger.entries.some((e) => e.level === "warn" && /previous output kept/.test(e.message))).toBe(true);
  });

  it("ignores and removes a stale staging file from a killed run", async () => {
    await sync(config, [{ id: 1 }]);
    await writeFile(join(dir, "tickets.jsonl.staging"), '{"id":"stale"}\n{"id":"half');
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.write("tickets", { id: 2 });
    await dest.endStream("tickets", true);
    await dest.close();
    expect(await readJsonl(file("tickets"))).toEqual([{ id: 2 }]);
  });

  it("produces an empty file for a successful stream without records", async () => {
    await sync(config, [{ id: 1 }]);
    await sync(config, []);
    expect(await readText(file("tickets"))).toBe("");
  });
});

describe("append", () => {
  const config: StreamConfig = { name: "events", mode: "append" };

  it("appends across syncs, also after a failed stream", async () => {
    await sync(config, [{ id: 1 }]);
    await sync(config, [{ id: 1 }, { id: 2 }], false);
    expect(await readJsonl(file("events"))).toEqual([{ id: 1 }, { id: 1 }, { id: 2 }]);
  });

  it("completes a last line that lacks only its newline", async () => {
    await writeFile(file("events"), '{"id":1}\n{"id":2}');
    await sync(config, [{ id: 3 }]);
    expect(await readJsonl(file("events"))).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it("repairs a torn last line left by a killed writer", async () => {
    await writeFile(file("events"), '{"id":1}\n{"id":2,"tor');
    await sync(config, [{ id: 3 }]);
    expect(await readJsonl(file("events"))).toEqual([{ id: 1 }, { id: 3 }]);
  });
});

describe("append_dedup", () => {
  const config: StreamConfig = { name: "users", mode: "append_dedup" };

  it("keeps the newest version of each key, within and across syncs, in write order", async () => {
    await sync(config, [
      { id: 1, v: 1 },
      { id: 2, v: 1 },
      { id: 1, v: 2 },
    ]);
    expect(await readJsonl(file("users"))).toEqual([
      { id: 2, v: 1 },
      { id: 1, v: 2 },
    ]);
    await sync(config, [
      { id: 3, v: 1 },
      { id: 2, v: 2 },
      { id: 2, v: 3 },
    ]);
    expect(await readJsonl(file("users"))).toEqual([
      { id: 1, v: 2 },
      { id: 3, v: 1 },
      { id: 2, v: 3 },
    ]);
    expect(await readdir(dir)).toEqual(["users.jsonl"]);
  });

  it("uses the configured primary_key over the source-defined one", async () => {
    const byEmail: StreamConfig = { name: "users", mode: "append_dedup", primaryKey: [["email"]] };
    await sync(byEmail, [
      { id: 1, email: "a@x" },
      { id: 2, email: "a@x" },
    ]);
    expect(await readJsonl(file("users"))).toEqual([{ id: 2, email: "a@x" }]);
  });

  it("keeps records whose primary key is missing", async () => {
    await sync(config, [{ id: 1 }, { name: "no id" }, { name: "no id" }, { id: 1, v: 2 }]);
    expect(await readJsonl(file("users"))).toEqual([{ name: "no id" }, { name: "no id" }, { id: 1, v: 2 }]);
  });

  it("merges the written records even when the stream fails or is never ended", async () => {
    await sync(config, [{ id: 1 }], false);
    expect(await readJsonl(file("users"))).toEqual([{ id: 1 }]);
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.write("users", { id: 2 });
    await dest.close();
    expect(await readJsonl(file("users"))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("writes a page through writeMany: the same lines as record by record, deduplicated at the end", async () => {
    const page = Array.from({ length: 300 }, (_, i) => ({ id: i % 250, v: i, s: "é€" }));
    const { dest } = destination({ bufferBytes: 1024 });
    await dest.open(catalogOf(config));
    await dest.writeMany("users", page.slice(0, 10));
    await dest.writeMany("users", page.slice(10));
    await dest.flush();
    expect(await readJsonl(join(dir, "users.jsonl.incoming"))).toEqual(page);
    await dest.endStream("users", true);
    await dest.close();
    // One line per id, its newest version, in the order the newest versions were written.
    const newest = [...new Map(page.map((r) => [r.id, r])).values()].sort((a, b) => a.v - b.v);
    expect(await readJsonl(file("users"))).toEqual(newest);
  });

  it("parses the journal when it holds more than this run wrote (the recorded keys would not describe it)", async () => {
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.writeMany("users", [{ id: 1, v: 1 }, { id: 2, v: 1 }]);
    await dest.flush();
    // Another line lands in the journal behind the destination's back.
    await writeFile(join(dir, "users.jsonl.incoming"), '{"id":1,"v":"outside"}\n', { flag: "a" });
    await dest.endStream("users", true);
    await dest.close();
    expect(await readJsonl(file("users"))).toEqual([{ id: 2, v: 1 }, { id: 1, v: "outside" }]);
  });

  it("leaves the visible file untouched until the stream ends; the journal holds flushed records", async () => {
    await sync(config, [{ id: 1, v: 1 }]);
    const { dest } = destination();
    await dest.open(catalogOf(config));
    await dest.write("users", { id: 1, v: 2 });
    await dest.flush();
    expect(await readJsonl(file("users"))).toEqual([{ id: 1, v: 1 }]);
    expect(await readJsonl(join(dir, "users.jsonl.incoming"))).toEqual([{ id: 1, v: 2 }]);
    await dest.endStream("users", true);
    expect(await readJsonl(file("users"))).toEqual([{ id: 1, v: 2 }]);
    await dest.close();
  });

  it("repairs a data file torn in append mode before deduplicating it", async () => {
    await writeFile(file("users"), '{"id":1,"v":1}\n{"id":2,"v":1}\n{"id":1,"v":2}\n{"id":3,"tor');
    await sync(config, [{ id: 4, v: 1 }]);
    expect(await readJsonl(file("users"))).toEqual([
      { id: 2, v: 1 },
      { id: 1, v: 2 },
      { id: 4, v: 1 },
    ]);
  });

  it("recovers a journal left by a killed run when opening", async () => {
    await sync(config, [{ id: 1, v: 1 }]);
    await writeFile(join(dir, "users.jsonl.incoming"), '{"id":1,"v":2}\n{"id":2,"v":1}\n{"id":3,"par');
    const { dest, logger } = destination();
    await dest.open(catalogOf(config));
    expect(await readJsonl(file("users"))).toEqual([{ id: 1, v: 2 }, { id: 2, v: 1 }]);
    expect(logger.entries.some((e) => /interrupted run/.test(e.message))).toBe(true);
    await dest.close();
  });

  it("spills the recorded keys of a large journal to an unlinked file, and leaves none behind", async () => {
    // More records than the spill buffers (32 Ki entries), with repeats across the spilled runs.
    const page = Array.from({ length: 1000 }, (_, i) => ({ id: i }));
    const { dest, logger } = destination();
    await dest.open(catalogOf(config));
    for (let round = 0; round < 70; round++) await dest.writeMany("users", page.map((r) => ({ ...r, round })));
    await dest.flush();
    expect((await readdir(dir)).filter((name) => !name.startsWith("."))).toEqual(["users.jsonl.incoming"]);
    await dest.endStream("users", true);
    await dest.close();
    expect(await readJsonl(file("users"))).toEqual(page.map((r) => ({ ...r, round: 69 })));
    expect(await readdir(dir)).toEqual(["users.jsonl"]);
    expect(logger.entries.some((e) => /Gave up recording/.test(e.message))).toBe(false);
  });

  it("parses the journal instead when the recorded keys cannot be spilled (e.g. a full disk)", async () => {
    const page = Array.from({ length: 1000 }, (_, i) => ({ id: i }));
    const { dest, logger } = destination();
    await dest.open(catalogOf(config));
    // The spill's file cannot be created where a directory stands.
    await mkdir(join(dir, "users.jsonl.journal-keys"));
    for (let round = 0; round < 70; round++) await dest.writeMany("users", page.map((r) => ({ ...r, round })));
    await dest.endStream("users", true);
    await dest.close();
    expect(logger.entries.some((e) => /Gave up recording/.test(e.message))).toBe(true);
    expect(await readJsonl(file("users"))).toEqual(page.map((r) => ({ ...r, round: 69 })));
  });

  it("removes key-hash spill files a kill left between their creation and unlink", async () => {
    await sync(config, [{ id: 1, v: 1 }]);
    await writeFile(join(dir, "users.jsonl.journal-keys"), "stale");
    await writeFile(join(dir, "users.jsonl.compaction-keys"), "stale");
    const { dest } = destination();
    await dest.open(catalogOf(config));
    expect(await readdir(dir)).toContain("users.jsonl");
    expect((await readdir(dir)).filter((name) => name.includes("keys"))).toEqual([]);
    await dest.close();
  });

  it("refuses a stream without any primary key", async () => {
    const { dest } = destination();
    await expect(dest.open(catalogOf({ name: "users", mode: "append_dedup", sourceKey: undefined }))).rejects.toThrow(
      /append_dedup but has no primary key/,
    );
  });
});

describe("flush", () => {
  it("makes every written record readable by a fresh reader, and fsyncs each dirty file once", async () => {
    const { dest } = destination({ bufferBytes: 1 << 20 });
    await dest.open(
      catalogOf(
        { name: "a", mode: "append" },
        { name: "b", mode: "append_dedup" },
        { name: "c", mode: "overwrite" },
        { name: "idle", mode: "append" },
      ),
    );
    await dest.write("a", { id: 1 });
    await dest.write("b", { id: 2 });
    await dest.write("c", { id: 3 });
    // Buffered only: nothing reached the files yet.
    expect(await readText(join(dir, "a.jsonl"))).toBe("");
    const probe = await open(join(dir, "probe"), "w");
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const writerSync = vi.spyOn(LineWriter.prototype, "sync");
    const fsync = vi.spyOn(fileHandlePrototype, "sync");
    await dest.flush();
    expect(writerSync).toHaveBeenCalledTimes(4);
    // One fsync per file with pending bytes; the idle stream's file is not synced.
    expect(fsync).toHaveBeenCalledTimes(3);
    await dest.flush();
    expect(fsync).toHaveBeenCalledTimes(3);
    expect(await readJsonl(join(dir, "a.jsonl"))).toEqual([{ id: 1 }]);
    expect(await readJsonl(join(dir, "b.jsonl.incoming"))).toEqual([{ id: 2 }]);
    expect(await readJsonl(join(dir, "c.jsonl.staging"))).toEqual([{ id: 3 }]);
    await dest.close();
  });

  it("includes writes that were not awaited", async () => {
    const { dest } = destination({ bufferBytes: 64 });
    await dest.open(catalogOf({ name: "a", mode: "append" }));
    const writes = Array.from({ length: 100 }, (_, i) => dest.write("a", { id: i }));
    await dest.flush();
    await Promise.all(writes);
    expect((await readJsonl(join(dir, "a.jsonl"))).map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await dest.close();
  });
});

describe("life cycle and validation", () => {
  it("creates a missing output directory", async () => {
    const output = join(dir, "nested", "out");
    const { dest } = destination({ output });
    await dest.open(catalogOf({ name: "a", mode: "append" }));
    await dest.write("a", { id: 1 });
    await dest.close();
    expect(await readJsonl(join(output, "a.jsonl"))).toEqual([{ id: 1 }]);
  });

  it.each(["../escape", "a/b", "..", ".", "x\u0000y", "line\nbreak", "C:\\evil"])(
    "refuses the hostile stream name %j before touching any file",
    async (name) => {
      const output = join(dir, "out");
      const { dest } = destination({ output });
      const open = dest.open(catalogOf({ name: "fine", mode: "append" }, { name, mode: "overwrite" }));
      await expect(open).rejects.toBeInstanceOf(ConfigError);
      await expect(open).rejects.toThrow(/unusable name/);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it("refuses writes to streams outside the catalog, ended streams and non-object records", async () => {
    const { dest } = destination();
    await dest.open(catalogOf({ name: "a", mode: "append" }));
    await expect(dest.write("b", { id: 1 })).rejects.toThrow(/"b": it is not in the configured catalog/);
    await expect(dest.endStream("b", true)).rejects.toThrow(/not in the configured catalog/);
    await expect(dest.write("a", [1] as never)).rejects.toThrow(/must be a JSON object/);
    await expect(dest.write("a", { n: 1n })).rejects.toThrow(/cannot be serialized/);
    await dest.endStream("a", true);
    await dest.endStream("a", true); // idempotent
    await expect(dest.write("a", { id: 1 })).rejects.toThrow(/has ended/);
    await dest.close();
  });

  it("refuses use before open and after close, and a second open", async () => {
    const { dest } = destination();
    await expect(dest.write("a", {})).rejects.toThrow(/not open/);
    await dest.open(catalogOf({ name: "a", mode: "append" }));
    await expect(dest.open(catalogOf({ name: "a", mode: "append" }))).rejects.toThrow(/open called twice/);
    await dest.close();
    await dest.close();
    await expect(dest.write("a", {})).rejects.toThrow(/closed/);
    await dest.flush(); // nothing to do
  });

  it("refuses duplicate streams and unknown sync modes", async () => {
    await expect(
      destination().dest.open(catalogOf({ name: "a", mode: "append" }, { name: "a", mode: "overwrite" })),
    ).rejects.toThrow(/configured twice/);
    await expect(
      destination().dest.open(catalogOf({ name: "Tickets", mode: "append" }, { name: "tickets", mode: "append" })),
    ).rejects.toThrow(/would share one file/);
    await expect(
      destination().dest.open(
        catalogOf({ name: "caf\u00e9", mode: "append" }, { name: "cafe\u0301", mode: "append" }),
      ),
    ).rejects.toThrow(/would share one file/);
    await expect(destination().dest.open(catalogOf({ name: "a", mode: "upsert" as never }))).rejects.toThrow(
      /supports overwrite, append and append_dedup/,
    );
    await expect(destination().dest.open({} as never)).rejects.toThrow(/no `streams` list/);
  });

  it("refuses a missing output directory option and a bad buffer size", () => {
    expect(() => new JsonlDestination({ output: "", logger: memoryLogger() })).toThrow(ConfigError);
    expect(() => new JsonlDestination({ output: dir, logger: memoryLogger(), bufferBytes: -1 })).toThrow(
      /bufferBytes/,
    );
  });

  it("writes files only inside the output directory", async () => {
    const output = join(dir, "out");
    await sync({ name: "a", mode: "append" }, [{ id: 1 }]).catch(() => undefined);
    const { dest } = destination({ output });
    await dest.open(catalogOf({ name: "x", mode: "overwrite" }, { name: "y", mode: "append_dedup" }));
    await dest.write("x", { id: 1 });
    await dest.write("y", { id: 1 });
    await dest.endStream("x", true);
    await dest.endStream("y", true);
    await dest.close();
    expect((await readdir(dir)).sort()).toEqual(["a.jsonl", "out"]);
    expect((await readdir(output)).sort()).toEqual(["x.jsonl", "y.jsonl"]);
  });
});

describe("failures", () => {
  it("a failed overwrite swap keeps the previous file and does not fail flush or close", async () => {
    await sync({ name: "ok", mode: "append" }, [{ id: 0 }]);
    const { dest } = destination();
    await dest.open(catalogOf({ name: "blocked", mode: "overwrite" }, { name: "ok", mode: "append" }));
    await mkdir(join(dir, "blocked.jsonl")); // a directory: renaming a file over it fails
    await dest.write("blocked", { id: 1 });
    await dest.write("ok", { id: 1 });
    await expect(dest.endStream("blocked", true)).rejects.toThrow();
    await dest.flush();
    await dest.close();
    expect((await readdir(dir)).sort()).toEqual(["blocked.jsonl", "ok.jsonl"]);
    expect(await readJsonl(file("ok"))).toEqual([{ id: 0 }, { id: 1 }]);
  });

  it.each([
    ["append", ["a.jsonl"]],
    ["append_dedup", ["a.jsonl.incoming"]],
  ] as const)(
    "%s: a failed fsync fails flush; close reports it, releases the directory, and the next open recovers",
    async (mode, leftBehind) => {
      const { dest } = destination();
      await dest.open(catalogOf({ name: "a", mode }));
      await dest.write("a", { id: 1 });
      const probePath = join(dir, "probe");
      const probe = await open(probePath, "w");
      const fileHandlePrototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
      await probe.close();
      await rm(probePath);
      const failure = Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
      vi.spyOn(fileHandlePrototype, "sync").mockRejectedValueOnce(failure);
      await expect(dest.flush()).rejects.toBe(failure);
      vi.restoreAllMocks();
      await expect(dest.write("a", { id: 2 })).rejects.toBe(failure);
      await expect(dest.close()).rejects.toBe(failure);
      expect(await readdir(dir)).toEqual(leftBehind);
      // The lock is released; the next open repairs what it finds (the journal is merged).
      const next = destination().dest;
      await next.open(catalogOf({ name: "a", mode }));
      await next.close();
      expect(await readJsonl(file("a"))).toEqual([{ id: 1 }]);
    },
  );
});

describe("flush while a stream ends", () => {
  it("waits for the ending stream's records to be durable, not for its compaction", async () => {
    const { DedupSink } = await import("./dedup-sink.js");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const originalEnd = DedupSink.prototype.end;
    vi.spyOn(DedupSink.prototype, "end").mockImplementation(async function (this: import("./dedup-sink.js").DedupSink) {
      await gate;
      return originalEnd.call(this);
    });
    const { dest } = destination();
    await dest.open(catalogOf({ name: "a", mode: "append" }, { name: "d", mode: "append_dedup" }));
    await dest.write("d", { id: 1 });
    await dest.write("a", { id: 1 });
    const ending = dest.endStream("d", true);
    await dest.flush(); // resolves although the compaction is held back
    expect(await readJsonl(join(dir, "d.jsonl.incoming"))).toEqual([{ id: 1 }]);
    expect(await readJsonl(join(dir, "a.jsonl"))).toEqual([{ id: 1 }]);
    release();
    await ending;
    expect(await readJsonl(file("d"))).toEqual([{ id: 1 }]);
    await dest.close();
  });
});
