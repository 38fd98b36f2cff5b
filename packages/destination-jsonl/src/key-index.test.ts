import { describe, expect, it } from "vitest";
import { hash64, KeyHashIndex } from "./key-index.js";

describe("KeyHashIndex", () => {
  it("marks no candidate when every key is distinct, across table growth", () => {
    const index = new KeyHashIndex();
    for (let i = 0; i < 50_000; i++) index.add(JSON.stringify([i]), i);
    expect(index.candidateCount).toBe(0);
  });

  it("marks every line of a repeated key, and nothing else", () => {
    const index = new KeyHashIndex();
    const keys = ["[1]", "[2]", "[1]", "[3]", "[1]", "[2]"];
    keys.forEach((k, line) => index.add(k, line));
    const marked = keys.map((_, line) => index.candidates.has(line));
    expect(marked).toEqual([true, true, true, false, true, true]);
    expect(index.candidateCount).toBe(5);
  });

  it("with colliding hashes, marks the colliding lines as candidates (verified by real keys later)", () => {
    const index = new KeyHashIndex(() => [1, 2]);
    index.add("[1]", 0);
    index.add("[2]", 1);
    expect(index.candidateCount).toBe(2);
  });

  it("hash64 is two independent halves", () => {
    expect(hash64("[1]")).not.toEqual(hash64("[2]"));
    expect(hash64("[12]")[0]).not.toBe(hash64("[21]")[0]);
    expect(hash64("[12]")[1]).not.toBe(hash64("[21]")[1]);
  });

  it("finds the same candidates after reserve() as when growing step by step", () => {
    const reserved = new KeyHashIndex();
    reserved.add("[0]", 0);
    reserved.reserve(20_000);
    const stepwise = new KeyHashIndex();
    stepwise.add("[0]", 0);
    for (let line = 1; line < 20_000; line++) {
      const key = JSON.stringify([line % 15_000]);
      reserved.add(key, line);
      stepwise.add(key, line);
    }
    expect(reserved.candidateCount).toBe(stepwise.candidateCount);
    expect(reserved.size).toBe(15_000);
    for (const line of [0, 1, 4_999, 5_000, 14_999, 15_000, 19_999]) expect(reserved.candidates.has(line)).toBe(stepwise.candidates.has(line));
  });
});

