import { describe, expect, it } from "vitest";
import { Rng } from "../util/prng.js";
import { PackedIndex, PackedIndexBuilder } from "./packed-index.js";
import { SortedIndex } from "./sorted-index.js";

const BASE = 7_500_000_000_000;

describe("PackedIndex", () => {
  it("orders, searches, inserts and removes exactly like SortedIndex", () => {
    const rng = new Rng(42);
    const builder = new PackedIndexBuilder(BASE);
    const sorted = new SortedIndex();
    const entries = Array.from({ length: 5000 }, () => ({ key: 1_700_000_000 + rng.int(0, 300), id: BASE + rng.int(0, 4_000_000_000) }));
    for (const e of entries) builder.add(e.key, e.id);
    sorted.load(entries);
    const packed = builder.build();
    for (let step = 0; step < 300; step++) {
      const e = { key: 1_700_000_000 + rng.int(0, 300), id: BASE + rng.int(0, 4_000_000_000) };
      packed.insert(e.key, e.id);
      sorted.insert(e.key, e.id);
      if (step % 3 === 0) {
        const victim = sorted.at(rng.int(0, sorted.size - 1));
        packed.remove(victim.key, victim.id);
        sorted.remove(victim.key, victim.id);
      }
    }
    expect(packed.size).toBe(sorted.size);
    for (let i = 0; i < sorted.size; i++) expect(packed.at(i)).toEqual(sorted.at(i));
    for (let q = 0; q < 500; q++) {
      const key = 1_700_000_000 + rng.int(-5, 305);
      const id = q % 5 === 0 ? -Infinity : q % 7 === 0 ? Infinity : BASE + rng.int(0, 4_000_000_000);
      expect(packed.lowerBound(key, id)).toBe(sorted.lowerBound(key, id));
      expect(packed.upperBound(key, id)).toBe(sorted.upperBound(key, id));
    }
  });

  it("refuses keys and ids it cannot hold instead of wrapping them", () => {
    const index = new PackedIndex(BASE);
    expect(() => index.insert(-1, BASE)).toThrow(RangeError);
    expect(() => index.insert(1, BASE + 2 ** 32)).toThrow(RangeError);
    expect(() => new PackedIndexBuilder(BASE).add(1.5, BASE)).toThrow(RangeError);
  });
});
