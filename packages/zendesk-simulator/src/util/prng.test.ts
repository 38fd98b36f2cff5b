import { describe, expect, it } from "vitest";
import { hashString, labelHash, mix, mix3, mulberry32, Rng, weightTable } from "./prng.js";

describe("prng fast paths", () => {
  it("Rng follows mulberry32, mix3 equals mix, labelHash equals hashString", () => {
    const r = new Rng(12345);
    const m = mulberry32(12345);
    for (let i = 0; i < 1000; i++) expect(r.float()).toBe(m());
    for (let i = 0; i < 1000; i++) expect(mix3(i, i * 7919, 4_000_000_000 - i)).toBe(mix(i, i * 7919, 4_000_000_000 - i));
    for (const l of ["ticket", "ticket:f:order_number", "user:end:bulk", ""]) expect(labelHash(l)).toBe(hashString(l));
    expect(Rng.forHash(1, hashString("x"), 5).float()).toBe(Rng.for(1, "x", 5).float());
  });

  it("pickWeighted and weighted draw the same", () => {
    const items = [["a", 20], ["b", 35], ["c", 30], ["d", 15]] as const;
    const table = weightTable(items);
    for (let seed = 0; seed < 2000; seed++) expect(new Rng(seed).pickWeighted(table)).toBe(new Rng(seed).weighted(items));
  });

  it("sampleJoin and sample(...).join draw the same", () => {
    const items = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];
    for (let seed = 0; seed < 3000; seed++) {
      for (const k of [1, 2, 3, 4, 9, 12]) {
        const a = new Rng(seed);
        const b = new Rng(seed);
        expect(a.sampleJoin(items, k, " ")).toBe(b.sample(items, k).join(" "));
        expect(a.float()).toBe(b.float());
      }
    }
  });
});

describe("sample", () => {
  it("draws what splicing a shrinking copy draws", () => {
    const ref = (rng: Rng, items: readonly string[], k: number): string[] => {
      const copy = items.slice();
      const out: string[] = [];
      for (let i = 0; i < k && copy.length; i++) out.push(copy.splice(Math.floor(rng.float() * copy.length), 1)[0]);
      return out;
    };
    const items = Array.from({ length: 30 }, (_, i) => `t${i}`);
    for (let seed = 0; seed < 2000; seed++) {
      for (const k of [0, 1, 2, 3, 7, 30, 31]) {
        const a = new Rng(seed);
        const b = new Rng(seed);
        expect(a.sample(items, k)).toEqual(ref(b, items, k));
        expect(a.float()).toBe(b.float());
      }
    }
  });

  it("sampleInto draws what sample draws, with the separator between the items", () => {
    const items = Array.from({ length: 12 }, (_, i) => `s${i}`);
    for (let seed = 0; seed < 2000; seed++) {
      for (const k of [0, 1, 2, 3, 4, 12, 13]) {
        const a = new Rng(seed);
        const b = new Rng(seed);
        const sampled = b.sample(items, k);
        expect(a.sampleInto(items, k, "|", ["x"])).toEqual(["x", ...sampled.flatMap((s, i) => (i ? ["|", s] : [s]))]);
        expect(a.float()).toBe(b.float());
      }
    }
  });
});
