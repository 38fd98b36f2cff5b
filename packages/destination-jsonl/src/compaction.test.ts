import { readdir, rm, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compact } from "./compaction.js";
import { fileExists } from "./durable-fs.js";
import { streamFiles, type StreamFiles } from "./file-layout.js";
import { JournalKeys } from "./journal-keys.js";
import { hash64 } from "./key-index.js";
import { makeTempDir, memoryLogger, readJsonl, readText, removeDir } from "./__tests__/helpers.js";

let dir: string;
let files: StreamFiles;
beforeEach(async () => {
  dir = await makeTempDir();
  files = streamFiles(dir, "s");
});
afterEach(async () => {
  await removeDir(dir);
});

function seeded(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const jsonl = (...records: object[]) => records.map((r) => JSON.stringify(r) + "\n").join("");

function run(logger = memoryLogger(), keyPaths = [["id"]], readChunkBytes = 16) {
  return compact({ stream: "s", dir, files, keyPaths, logger, readChunkBytes, bufferBytes: 32 });
}

describe("compact", () => {
  it("keeps one line per key, newest wins, in write order of the winners", async () => {
    await writeFile(files.data, jsonl({ id: 1, v: "a" }, { id: 2, v: "a" }, { id: 3, v: "a" }));
    await writeFile(files.journal, jsonl({ id: 4, v: "b" }, { id: 2, v: "b" }, { id: 4, v: "c" }, { id: 2, v: "c" }));
    const result = await run();
    expect(result).toMatchObject({ rewritten: true, lines: 4, keyless: 0, unparsable: 0 });
    expect(await readJsonl(files.data)).toEqual([
      { id: 1, v: "a" },
      { id: 3, v: "a" },
      { id: 4, v: "c" },
      { id: 2, v: "c" },
    ]);
    expect(await fileExists(files.journal)).toBe(false);
    expect(await fileExists(files.compacting)).toBe(false);
  });

  it("a hash collision never drops a record: colliding keys are told apart by their real keys", async () => {
    // Every key hashes alike: each line is a candidate, and only true duplicates may go.
    await writeFile(files.data, jsonl({ id: 1, v: "a" }, { id: 2, v: "a" }, { id: 3, v: "a" }));
    await writeFile(files.journal, jsonl({ id: 2, v: "b" }, { id: 4, v: "b" }, { id: 1, v: "c" }));
    const result = await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), readChunkBytes: 16, keyHash: () => [7, 7] });
    expect(result.lines).toBe(4);
    expect(await readJsonl(files.data)).toEqual([
      { id: 3, v: "a" },
      { id: 2, v: "b" },
      { id: 4, v: "b" },
      { id: 1, v: "c" },
    ]);
  });

  it("tombstones delete only their own key, also when every key hashes alike", async () => {
    for (const keyHash of [undefined, () => [7, 7] as [number, number]]) {
      await writeFile(files.data, jsonl({ id: 1, v: "a" }, { id: 2, v: "a" }, { id: 3, v: "a" }));
      await writeFile(
        files.journal,
        jsonl({ id: 2, _ab_cdc_deleted_at: "2026-01-01T00:00:00Z" }, { id: 9, _ab_cdc_deleted_at: "2026-01-01T00:00:00Z" }, { id: 3, v: "b" }, { id: 3, _ab_cdc_deleted_at: "2026-01-02T00:00:00Z" }, { id: 3, v: "restored" }),
      );
      const result = await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), readChunkBytes: 16, ...(keyHash ? { keyHash } : {}) });
      expect(result).toMatchObject({ lines: 2, deleted: 2 });
      expect(await readJsonl(files.data)).toEqual([{ id: 1, v: "a" }, { id: 3, v: "restored" }]);
    }
  });

  it("agrees with a plain Map-based dedup on many keys with random updates (the default hash)", async () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const data = Array.from({ length: 5000 }, (_, i) => ({ id: i * 7 + 1, v: 0 }));
    const journal = Array.from({ length: 3000 }, (_, i) => ({ id: Math.floor(random() * 6000) * 7 + 1, v: i + 1 }));
    await writeFile(files.data, jsonl(...data));
    await writeFile(files.journal, jsonl(...journal));
    await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger() });
    const expected = new Map<number, object>();
    for (const r of [...data, ...journal]) {
      expected.delete(r.id);
      expected.set(r.id, r);
    }
    expect(await readJsonl(files.data)).toEqual([...expected.values()]);
  });

  it("agrees with a plain Map-based dedup on randomised logs with deletions, keyless lines and forced collisions, spilled or not, pass 1b in rounds or not", async () => {
    const random = seeded(11);
    const tombstone = "2026-01-01T00:00:00Z";
    for (let round = 0; round < 12; round++) {
      const ids = 1 + Math.floor(random() * 300);
      const record = (i: number) => {
        const roll = random();
        if (roll < 0.05) return { other: i };
        if (roll < 0.12) return { id: Math.floor(random() * ids), _ab_cdc_deleted_at: tombstone };
        return { id: Math.floor(random() * ids), v: i };
      };
      const data = Array.from({ length: Math.floor(random() * 400) }, (_, i) => record(i));
      const journal = Array.from({ length: 1 + Math.floor(random() * 400) }, (_, i) => record(1000 + i));
      // Forced collisions: only a few distinct hashes (every partition's table full of them) in
      // some rounds, the real hash in others; a tiny spill buffer makes many runs.
      const keyHash = round % 2 === 0 ? (key: string) => { const [hi] = hash64(key); return [hi & 0x03000000, 1] as [number, number]; } : hash64;
      const spillBufferEntries = 1 + Math.floor(random() * 50);
      const expected = new Map<string, object>();
      // The data file is compacted once first (as a real one would be), then the journal merged.
      for (const [i, lines] of [data, journal].entries()) {
        await writeFile(files.journal, jsonl(...lines));
        const recorded = i === 1 && round % 3 !== 0;
        const journalKeys = recorded ? new JournalKeys([["id"]], files.journalKeys, keyHash, spillBufferEntries) : undefined;
        if (journalKeys) lines.forEach((r) => ("_ab_cdc_deleted_at" in r ? journalKeys.addUnknown() : journalKeys.addRecord(r)));
        // Pass 1b in one round, or in several holding a few keys each.
        const maxCandidateKeys = round % 4 < 2 ? 1 + Math.floor(random() * 20) : undefined;
        await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), readChunkBytes: 64, keyHash, spillBufferEntries, ...(maxCandidateKeys ? { maxCandidateKeys } : {}), ...(journalKeys ? { journalKeys } : {}) });
      }
      for (const r of [...data, ...journal] as { id?: number; _ab_cdc_deleted_at?: string }[]) {
        if (r.id === undefined) continue;
        const key = String(r.id);
        expected.delete(key);
        if (!r._ab_cdc_deleted_at) expected.set(key, r);
      }
      // Keyless lines keep their place in the log; keyed survivors sit where their newest version was.
      const survivors = new Set(expected.values());
      const order = ([...data, ...journal] as object[]).filter((r) => survivors.has(r) || !("id" in r));
      expect(await readJsonl(files.data), `round ${round}`).toEqual(order);
      expect(await readdir(dir), `round ${round}`).toEqual(["s.jsonl"]);
      await rm(files.data, { force: true });
    }
  });

  it("deduplicates a data file that already holds duplicates", async () => {
    await writeFile(files.data, jsonl({ id: 1, v: 1 }, { id: 1, v: 2 }));
    await writeFile(files.journal, jsonl({ id: 2, v: 1 }));
    await run();
    expect(await readJsonl(files.data)).toEqual([{ id: 1, v: 2 }, { id: 2, v: 1 }]);
  });

  it("creates the data file from the journal alone", async () => {
    await writeFile(files.journal, jsonl({ id: 1 }, { id: 1, again: true }));
    await run();
    expect(await readJsonl(files.data)).toEqual([{ id: 1, again: true }]);
  });

  it("supports composite keys", async () => {
    await writeFile(files.journal, jsonl({ t: 1, c: 1, v: 1 }, { t: 1, c: 2, v: 1 }, { t: 1, c: 1, v: 2 }));
    await run(memoryLogger(), [["t"], ["c"]]);
    expect(await readJsonl(files.data)).toEqual([{ t: 1, c: 2, v: 1 }, { t: 1, c: 1, v: 2 }]);
  });

  it("keeps records without a key and lines that are not objects, with a warning", async () => {
    const logger = memoryLogger();
    await writeFile(files.data, jsonl({ id: 1 }, { noKey: "x" }) + "not json\n\n");
    await writeFile(files.journal, jsonl({ noKey: "x" }, { id: null }, { id: 1, v: 2 }));
    const result = await run(logger);
    expect(result).toMatchObject({ lines: 5, keyless: 3, unparsable: 1 });
    expect(await readText(files.data)).toBe(
      jsonl({ noKey: "x" }) + "not json\n" + jsonl({ noKey: "x" }, { id: null }, { id: 1, v: 2 }),
    );
    expect(logger.entries.filter((e) => e.level === "warn").map((e) => e.fields)).toEqual([
      { stream: "s", records: 3 },
      { stream: "s", lines: 1 },
    ]);
  });

  it("drops an unflushed partial journal line and a stale compacting file", async () => {
    await writeFile(files.data, jsonl({ id: 1, v: 1 }));
    await writeFile(files.journal, jsonl({ id: 2 }) + '{"id":1,"v":"tor');
    await writeFile(files.compacting, '{"id":99}\n{"half');
    await run();
    expect(await readJsonl(files.data)).toEqual([{ id: 1, v: 1 }, { id: 2 }]);
  });

  it("is idempotent when a kill struck after the rename but before the journal was deleted", async () => {
    await writeFile(files.data, jsonl({ id: 1, v: 1 }));
    await writeFile(files.journal, jsonl({ id: 1, v: 2 }, { id: 2, v: 1 }));
    await run();
    const once = await readText(files.data);
    // Put the journal back, as if the deletion never happened.
    await writeFile(files.journal, jsonl({ id: 1, v: 2 }, { id: 2, v: 1 }));
    await run();
    expect(await readText(files.data)).toBe(once);
  });

  it("keeps unchanged rows in place and copies lines byte for byte", async () => {
    const original = '{"id":1,  "spaced":true}\n{"id":2}\n{"id":3,"é":"€"}\n';
    await writeFile(files.data, original);
    await writeFile(files.journal, jsonl({ id: 2, v: 2 }));
    await run();
    expect(await readText(files.data)).toBe('{"id":1,  "spaced":true}\n{"id":3,"é":"€"}\n{"id":2,"v":2}\n');
  });

  it("skips the rewrite when the journal is empty and the data file exists", async () => {
    await writeFile(files.data, jsonl({ id: 1 }));
    await writeFile(files.journal, "");
    expect(await run()).toMatchObject({ rewritten: false });
    expect(await fileExists(files.journal)).toBe(false);
    expect(await readJsonl(files.data)).toEqual([{ id: 1 }]);
  });

  it("handles records much larger than the read and write buffers", async () => {
    const big = "z".repeat(50_000);
    await writeFile(files.data, jsonl({ id: 1, big }, { id: 2 }));
    await writeFile(files.journal, jsonl({ id: 2, big }, { id: 1, v: 2 }));
    await run(memoryLogger(), [["id"]], 4096);
    expect(await readJsonl(files.data)).toEqual([{ id: 2, big }, { id: 1, v: 2 }]);
  });
});

describe("compact with the journal's recorded keys", () => {
  /** The journal's lines and the keys a sink would have recorded while writing them. */
  async function journalOf(records: object[], tombstones = new Set<number>(), keyHash?: (key: string) => [number, number]) {
    const keys = new JournalKeys([["id"]], files.journalKeys, keyHash, 2);
    records.forEach((r, i) => (tombstones.has(i) ? keys.addUnknown() : keys.addRecord(r)));
    await writeFile(files.journal, jsonl(...records));
    return keys;
  }

  it("gives the same file as parsing the journal, for updates, deletions, keyless and odd records, with any hash", async () => {
    const data = [{ id: 1, v: "a" }, { id: 2, v: "a" }, { noKey: 1 }, { id: 3, v: "a" }];
    const journal = [
      { id: 2, v: "b" },
      { id: 4, v: "b" },
      { id: 3, _ab_cdc_deleted_at: "2026-01-01T00:00:00Z" },
      { id: true, v: "bool key" },
      { id: null },
      { id: 4, v: "c" },
    ];
    for (const keyHash of [undefined, () => [7, 7] as [number, number]]) {
      await writeFile(files.data, jsonl(...data));
      await writeFile(files.journal, jsonl(...journal));
      const parsed = await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), readChunkBytes: 16, ...(keyHash ? { keyHash } : {}) });
      const expected = await readText(files.data);

      await writeFile(files.data, jsonl(...data));
      const journalKeys = await journalOf(journal, new Set([2]), keyHash);
      const recorded = await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), readChunkBytes: 16, journalKeys, ...(keyHash ? { keyHash } : {}) });
      expect(await readText(files.data)).toBe(expected);
      expect(recorded).toEqual(parsed);
      expect(await fileExists(files.journal)).toBe(false);
    }
  });

  it("renames a journal without repeated keys into place when there is no data file", async () => {
    const journalKeys = await journalOf([{ id: 1 }, { id: 2, "é": "€" }, { other: 3 }]);
    const bytes = await readText(files.journal);
    const result = await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), journalKeys });
    expect(result).toMatchObject({ rewritten: true, lines: 3, keyless: 1 });
    expect(await readText(files.data)).toBe(bytes);
    expect(await fileExists(files.journal)).toBe(false);
    expect(await fileExists(files.compacting)).toBe(false);
  });

  it("still deduplicates the journal when there is no data file", async () => {
    const journalKeys = await journalOf([{ id: 1, v: 1 }, { id: 2 }, { id: 1, v: 2 }]);
    await compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), journalKeys });
    expect(await readJsonl(files.data)).toEqual([{ id: 2 }, { id: 1, v: 2 }]);
  });

  it("fails, leaving the files as they were, when the journal has other lines than were recorded", async () => {
    await writeFile(files.data, jsonl({ id: 1 }));
    const journalKeys = await journalOf([{ id: 2 }]);
    await writeFile(files.journal, jsonl({ id: 2 }, { id: 3 }));
    await expect(compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), journalKeys })).rejects.toThrow(/changed during compaction/);
    expect(await readJsonl(files.data)).toEqual([{ id: 1 }]);
    expect(await readJsonl(files.journal)).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it("refuses recorded keys hashed otherwise than the compaction", async () => {
    const journalKeys = await journalOf([{ id: 1 }]);
    await expect(compact({ stream: "s", dir, files, keyPaths: [["id"]], logger: memoryLogger(), journalKeys, keyHash: () => [1, 1] })).rejects.toThrow(/another hash/);
    expect(await readJsonl(files.journal)).toEqual([{ id: 1 }]);
  });
});
