import { describe, expect, it } from "vitest";
import { SortedIndex } from "../store/sorted-index.js";
import { cursorPage, type CursorOrder } from "./cursor.js";
import { offsetPage } from "./offset.js";
import { entriesSource } from "./entries-source.js";
import { arraySource } from "./source.js";

type Rec = { key: number; id: number };
const records: Rec[] = Array.from({ length: 57 }, (_, i) => ({ key: 1000 + Math.floor(i / 4), id: 500 - i * 3 }));

/** Every page of a cursor walk, following page[after] (or page[before] backwards). */
function walk(source: Parameters<typeof cursorPage<Rec>>[0], order: CursorOrder<Rec>, dir: "after" | "before", size: number, start?: string): number[][] {
  const pages: number[][] = [];
  let cursor = start;
  for (let n = 0; n < 100; n++) {
    const q = new URLSearchParams({ "page[size]": String(size) });
    if (cursor) q.set(`page[${dir}]`, cursor);
    const page = cursorPage(source, order, q, "http://x", "/l", "l");
    if (page.items.length) pages.push(page.items.map((r) => r.id));
    if (!page.envelope.meta.has_more) return pages;
    cursor = page.envelope.meta[dir === "after" ? "after_cursor" : "before_cursor"] as string;
  }
  throw new Error("endless walk");
}

describe("ordered sources", () => {
  for (const descending of [false, true]) {
    // descending lists: newest key first, ids ascending on ties (the order every such list uses)
    const d = descending ? -1 : 1;
    const order: CursorOrder<Rec> = { label: "k,id", key: (r) => [r.key, r.id], dirs: [d, 1] };
    const sorted = records.slice().sort((a, b) => d * (a.key - b.key) || a.id - b.id);
    const index = new SortedIndex();
    index.load(records);
    const byId = new Map(records.map((r) => [r.id, r]));
    const skipped = new Set([497, 470, 461]);
    const fromIndex = entriesSource(index, { build: (p) => (skipped.has(index.idAt(p)) ? undefined : byId.get(index.idAt(p))), descending, count: () => records.length - skipped.size });
    const fromArray = arraySource(sorted.filter((r) => !skipped.has(r.id)), order);

    it(`an entries walk equals the sorted-array walk (${descending ? "descending" : "ascending"}), both directions, skipping filtered entries`, () => {
      const forward = walk(fromIndex, order, "after", 5);
      expect(forward).toEqual(walk(fromArray, order, "after", 5));
      expect(forward.flat()).toEqual(sorted.filter((r) => !skipped.has(r.id)).map((r) => r.id));
      const last = cursorPage(fromIndex, order, new URLSearchParams({ "page[size]": "100" }), "http://x", "/l", "l");
      const end = last.envelope.meta.after_cursor as string;
      const back = walk(fromIndex, order, "before", 4, end);
      expect(back).toEqual(walk(fromArray, order, "before", 4, end));
      expect(back.flat().sort((a, b) => a - b)).toEqual(forward.flat().slice(0, -1).sort((a, b) => a - b));
    });

    it(`offset pages read from an index report the list's count (${descending ? "descending" : "ascending"})`, () => {
      const q = new URLSearchParams({ page: "3", per_page: "10" });
      const a = offsetPage(fromIndex, q, "http://x", "/l", "l");
      const b = offsetPage(sorted.filter((r) => !skipped.has(r.id)), q, "http://x", "/l", "l");
      expect(a).toEqual(b);
      expect(a.envelope.count).toBe(54);
    });
  }

  it("a key range limits an index source", () => {
    const index = new SortedIndex();
    index.load(records);
    const byId = new Map(records.map((r) => [r.id, r]));
    const src = entriesSource(index, { build: (p) => byId.get(index.idAt(p)), keyRange: { from: 1003, to: 1005 } });
    expect([...src.forward()].map((r) => r.key)).toEqual([1003, 1003, 1003, 1003, 1004, 1004, 1004, 1004]);
    expect(src.count()).toBe(8);
  });
});
