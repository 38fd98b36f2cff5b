import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";
import { BitSet } from "./bitset.js";
import { HashSpill, markRepeated, PARTITIONS } from "./hash-spill.js";
import { hash64, KeyHashIndex } from "./key-index.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

function seeded(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** The lines a single in-memory index of every line marks (the reference). */
function markedInMemory(lines: [number, number][]): Set<number> {
  const index = new KeyHashIndex();
  lines.forEach(([hi, lo], line) => index.addHash(hi, lo, line));
  return new Set(lines.map((_, line) => line).filter((line) => index.candidates.has(line)));
}

function marked(candidates: BitSet, lines: number): Set<number> {
  const set = new Set<number>();
  for (let line = 0; line < lines; line++) if (candidates.has(line)) set.add(line);
  return set;
}

describe("HashSpill and markRepeated", () => {
  it("mark the same lines as one in-memory index, on randomised inputs with forced collisions, in any split", () => {
    const random = seeded(7);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(random() * 3000);
      // Few distinct hashes in some rounds (many repeats, colliding keys alike), all distinct in others;
      // hi spans every partition and repeats of a hash land in the same one by construction.
      const distinct = round % 3 === 0 ? 5 : round % 3 === 1 ? n : Math.ceil(n / 4);
      const hashes = Array.from({ length: distinct }, () => [Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)] as [number, number]);
      const lines = Array.from({ length: n }, () => hashes[Math.floor(random() * distinct)]!);
      // Two sources, as compaction has: the first `split` lines in one (added in a shuffled order,
      // like parsed journal lines), the rest in the other with line numbers relative to `split`.
      const split = Math.floor(random() * n);
      const bufferEntries = 1 + Math.floor(random() * 200);
      const first = new HashSpill(join(dir, `a${round}`), bufferEntries);
      const second = new HashSpill(join(dir, `b${round}`), bufferEntries);
      const order = Array.from({ length: split }, (_, i) => i).sort(() => random() - 0.5);
      for (const line of order) first.add(lines[line]![0], lines[line]![1], line);
      for (let line = split; line < n; line++) second.add(lines[line]![0], lines[line]![1], line - split);
      const candidates = new BitSet();
      const count = markRepeated([{ spill: first, firstLine: 0 }, { spill: second, firstLine: split }], candidates);
      const expected = markedInMemory(lines);
      expect(marked(candidates, n), `round ${round}`).toEqual(expected);
      expect(count).toBe(expected.size);
      first.close();
      second.close();
    }
  });

  it("marks nothing when every hash is distinct, and every line when all collide", () => {
    const spill = new HashSpill(join(dir, "s"), 64);
    for (let i = 0; i < 10_000; i++) spill.add(...hash64(JSON.stringify([i])), i);
    expect(markRepeated([{ spill, firstLine: 0 }], new BitSet())).toBe(0);
    spill.close();
    const colliding = new HashSpill(join(dir, "c"), 64);
    for (let i = 0; i < 1000; i++) colliding.add(7, 7, i);
    const candidates = new BitSet();
    expect(markRepeated([{ spill: colliding, firstLine: 0 }], candidates)).toBe(1000);
    colliding.close();
  });

  it("grows its buffer only as entries come", () => {
    const spill = new HashSpill(join(dir, "s"));
    spill.add(1, 2, 0);
    expect(spill.bufferedBytes).toBeLessThanOrEqual(1024 * 12);
    for (let i = 1; i < 100_000; i++) spill.add(i, i, i);
    expect(spill.bufferedBytes).toBe(32 * 1024 * 12 * 2); // the buffer and its sorted copy
    spill.close();
  });

  it("keeps a fixed buffer in memory and spills the rest to an unlinked file, read back by partition", async () => {
    const spill = new HashSpill(join(dir, "s"), 1000);
    const n = 200_000;
    for (let i = 0; i < n; i++) spill.add(...hash64(JSON.stringify([i])), i);
    expect(spill.runCount).toBe(199); // the last 1000 entries stay buffered
    expect(await readdir(dir)).toEqual([]);
    // Each partition holds about n / PARTITIONS entries (the hash's top bits are uniform), in the
    // order they were added: that is what bounds the compaction's table.
    let entries: Uint32Array = new Uint32Array(0);
    let largest = 0;
    let total = 0;
    let misplaced = 0;
    let unordered = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const read = spill.readPartition(p, entries);
      entries = read.entries;
      largest = Math.max(largest, read.count);
      total += read.count;
      for (let i = 0; i < read.count; i++) {
        if (entries[i * 3]! >>> 24 !== p) misplaced++;
        if (i > 0 && entries[i * 3 + 2]! <= entries[i * 3 - 1]!) unordered++;
      }
    }
    expect({ total, misplaced, unordered }).toEqual({ total: n, misplaced: 0, unordered: 0 });
    expect(largest).toBeLessThan((2 * n) / PARTITIONS);
    expect(() => spill.add(1, 1, n)).toThrow(/sealed/);
    spill.close();
  });
});
