import { describe, expect, it } from "vitest";
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
  it("records one entry per line across growth", () => {
    const keys = new JournalKeys([["id"]]);
    for (let i = 0; i < 5000; i++) keys.addRecord(i % 7 === 0 ? { other: i } : { id: i });
    keys.addUnknown();
    expect(keys.count).toBe(5001);
    expect(keys.unknown).toBe(1);
    expect(keys.kind(0)).toBe(KEYLESS);
    expect(keys.kind(1)).toBe(KEYED);
    expect(keys.kind(5000)).toBe(UNKNOWN);
    const again = new JournalKeys([["id"]]);
    again.addRecord({ id: 4999 });
    expect([again.hi(0), again.lo(0)]).toEqual([keys.hi(4999), keys.lo(4999)]);
  });
});
