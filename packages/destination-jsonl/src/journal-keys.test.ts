import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";
import { PARTITIONS } from "./hash-spill.js";
import { hash64 } from "./key-index.js";
import { JournalKeys, KEYED, KEYLESS, keyOfRecord, UNKNOWN } from "./journal-keys.js";
import { parseRecordLine } from "./json-line.js";
import { primaryKeyOf } from "./primary-key.js";

/** What compaction would find by parsing the record's line. */
function parsedKey(record: unknown, paths: string[][]): string | undefined {
  return primaryKeyOf(parseRecordLine(JSON.stringify(record)), paths);
}

class Ticket {
  constructor(readonly id: number) {}
}

describe("keyOfRecord", () => {
  it("gives the key a parse of the written line gives, for the keys it takes from the object", () => {
    const cases: [unknown, string[][]][] = [
      [{ id: 1 }, [["id"]]],
      [{ id: "a\u2028\"b" }, [["id"]]],
      [{ id: -0 }, [["id"]]],
      [{ id: 1e21 }, [["id"]]],
      [{ ticket_id: 5, id: "x" }, [["ticket_id"], ["id"]]],
      [{ a: { b: 3 } }, [["a", "b"]]],
      [Object.assign(Object.create(null), { id: 9 }), [["id"]]],
    ];
    for (const [record, paths] of cases) {
      const entry = keyOfRecord(record, paths);
      expect(entry.kind, JSON.stringify(record)).toBe(KEYED);
      expect(entry.kind === KEYED && entry.key).toBe(parsedKey(record, paths));
    }
  });

  it("says keyless exactly when a parse finds no key value", () => {
    for (const record of [{ id: null }, { other: 1 }, { id: undefined }]) {
      expect(keyOfRecord(record, [["id"]]).kind).toBe(KEYLESS);
      expect(parsedKey(record, [["id"]])).toBeUndefined();
    }
    expect(keyOfRecord({ id: 1 }, []).kind).toBe(KEYLESS);
  });

  it("leaves to a parse what the object alone cannot tell", () => {
    const hidden = {};
    Object.defineProperty(hidden, "id", { value: 1, enumerable: false });
    const unknown: unknown[] = [
      { id: NaN }, // written as null: keyless once parsed
      { id: true },
      { id: { nested: 1 } },
      { id: 1, _ab_cdc_deleted_at: "2026-01-01T00:00:00Z" }, // a tombstone
      { id: 1, _ab_cdc_deleted_at: null },
      { id: 1, toJSON: () => ({ id: 2 }) },
      new Ticket(1),
      hidden,
      { id: new Date(0) },
    ];
    for (const record of unknown) expect(keyOfRecord(record, [["id"]]).kind, String(record)).toBe(UNKNOWN);
  });
});

describe("JournalKeys", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  /** Every (hi, lo, line) the spill holds, by line. */
  function recorded(keys: JournalKeys): Map<number, [number, number]> {
    const byLine = new Map<number, [number, number]>();
    let entries: Uint32Array = new Uint32Array(0);
    for (let p = 0; p < PARTITIONS; p++) {
      const read = keys.spill.readPartition(p, entries);
      entries = read.entries;
      for (let i = 0; i < read.count; i++) byLine.set(entries[i * 3 + 2]!, [entries[i * 3]!, entries[i * 3 + 1]!]);
    }
    return byLine;
  }

  it("records keyed lines' hashes, keyless and unknown lines, across spilled runs, and leaves no file", async () => {
    const keys = new JournalKeys([["id"]], join(dir, "keys"), hash64, 100);
    for (let i = 0; i < 5000; i++) keys.addRecord(i % 7 === 0 ? { other: i } : { id: i });
    keys.addUnknown();
    keys.addRecord({ id: true });
    expect(keys.count).toBe(5002);
    expect(keys.unknown).toBe(2);
    expect(keys.keyless).toBe(715);
    expect(keys.spill.runCount).toBeGreaterThan(40);
    expect(await readdir(dir)).toEqual([]); // unlinked as soon as created
    expect([keys.isUnknown(0), keys.isUnknown(1), keys.isUnknown(5000), keys.isUnknown(5001)]).toEqual([false, false, true, true]);
    const byLine = recorded(keys);
    expect(byLine.size).toBe(5000 - 715);
    expect(byLine.has(0)).toBe(false);
    expect(byLine.get(4999)).toEqual(hash64("[4999]"));
    keys.release();
  });
});
