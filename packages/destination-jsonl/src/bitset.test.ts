import { describe, expect, it } from "vitest";
import { BitSet } from "./bitset.js";

describe("BitSet", () => {
  it("adds and tests members, growing as needed", () => {
    const set = new BitSet();
    const members = [0, 7, 8, 9, 8191, 8192, 1_000_003];
    for (const m of members) set.add(m);
    for (const m of members) expect(set.has(m)).toBe(true);
    for (const m of [1, 6, 10, 8190, 8193, 1_000_002, 50_000_000]) expect(set.has(m)).toBe(false);
  });
});
