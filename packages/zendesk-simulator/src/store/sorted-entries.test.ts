import { describe, expect, it } from "vitest";
import { cursorPage, type CursorOrder } from "../pagination/cursor.js";
import { offsetPage } from "../pagination/offset.js";
import { arraySource, type OrderedSource } from "../pagination/source.js";
import { entriesSource, offsetStart, PLACEHOLDER } from "../pagination/entries-source.js";
import { Table, TableBuilder } from "./sorted-entries.js";

type Rec = { key: number; id: number };
// many equal keys, ids not in insertion order
const records: Rec[] = Array.from({ length: 61 }, (_, i) => ({ key: 1000 + Math.floor(((i * 7) % 61) / 5), id: 900 - i * 13 }));

function walk(source: OrderedSource<Rec>, order: CursorOrder<Rec>, dir: "after" | "before", size: number, start?: string): number[] {
  const ids: number[] = [];
  let cursor = start;
  for (let n = 0; n < 200; n++) {
    const q = new URLSearchParams({ "page[size]": String(size) });
    if (cursor) q.set(`page[${dir}]`, cursor);
    const page = cursorPage(source, order, q, "http://x", "/l", "l");
    if (dir === "after") ids.push(...page.items.map((r) => r.id));
    else ids.unshift(...page.items.map((r) => r.id));
    if (!page.envelope.meta.has_more) return ids;
    cursor = page.envelope.meta[dir === "after" ? "after_cursor" : "before_cursor"] as string;
  }
  throw new Error("endless walk");
}

function table(): Table {
  const b = new TableBuilder();
  for (const r of records) b.push(r.key, r.id, r.id, r.key * 2, r.id % 3);
  return b.build();
}

describe("entriesSource", () => {
  for (const dir of [1, -1] as const) {
    const order: CursorOrder<Rec> = { label: "k,id", key: (r) => [r.key, r.id], dirs: [dir, 1] };
    const keep = (r: Rec) => r.id % 3 !== 0;
    const expected = records.filter(keep).sort((a, b) => dir * (a.key - b.key) || a.id - b.id);

    it(`walks key ${dir === 1 ? "ascending" : "descending"}, ids ascending on ties, both directions, like a sorted array`, () => {
      const t = table();
      const src = entriesSource(t, { descending: dir === -1, include: (p) => t.code[p] !== 0, build: (p) => ({ key: t.keys[p], id: t.ids[p] }) });
      const ref = arraySource(expected, order);
      for (const size of [1, 4, 7, 100]) {
        expect(walk(src, order, "after", size)).toEqual(expected.map((r) => r.id));
        expect(walk(src, order, "after", size)).toEqual(walk(ref, order, "after", size));
        const last = cursorPage(src, order, new URLSearchParams({ "page[size]": "100" }), "http://x", "/l", "l").envelope.meta.after_cursor as string;
        expect(walk(src, order, "before", size, last)).toEqual(walk(ref, order, "before", size, last));
        expect(walk(src, order, "before", size, last)).toEqual(expected.slice(0, -1).map((r) => r.id));
      }
      expect(src.count()).toBe(expected.length);
    });

    it(`key ranges and offset pages that skip building the records before the page (${dir === 1 ? "ascending" : "descending"})`, () => {
      const t = table();
      const inRange = expected.filter((r) => r.key >= 1003 && r.key < 1008);
      let built = 0;
      const o = { descending: dir === -1, include: (p: number) => t.code[p] !== 0, keyRange: { from: 1003, to: 1008 }, build: (p: number) => (built++, { key: t.keys[p], id: t.ids[p] }) };
      expect([...entriesSource(t, o).forward()].map((r) => r.id)).toEqual(inRange.map((r) => r.id));
      const q = new URLSearchParams({ page: "2", per_page: "4" });
      built = 0;
      const page = offsetPage(entriesSource(t, { ...o, skipBuild: { n: offsetStart(q), placeholder: PLACEHOLDER } }), q, "http://x", "/l", "l");
      expect(page.items.map((r) => r.id)).toEqual(inRange.slice(4, 8).map((r) => r.id));
      expect(page.envelope.count).toBe(inRange.length);
      expect(built).toBe(4);
    });
  }

  it("Table.merge drops the entries of edited sources and adds their new ones in order", () => {
    const base = table();
    const drop = new Set([900, 861, 770]);
    const extra = new TableBuilder();
    extra.push(1002, 861, 861, 0, 1);
    extra.push(999, 5, 5, 0, 1);
    extra.push(1100, 1, 1, 0, 1);
    const merged = Table.merge(base, drop, extra.build());
    const want = records
      .filter((r) => !drop.has(r.id))
      .map((r) => [r.key, r.id])
      .concat([[1002, 861], [999, 5], [1100, 1]])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(Array.from({ length: merged.size }, (_, p) => [merged.keys[p], merged.ids[p]])).toEqual(want);
  });

  it("offsetStart follows offsetPage's parameters", () => {
    expect(offsetStart(new URLSearchParams(""))).toBe(0);
    expect(offsetStart(new URLSearchParams("page=3&per_page=20"))).toBe(40);
    expect(offsetStart(new URLSearchParams("page=2&per_page=500"))).toBe(100);
    expect(offsetStart(new URLSearchParams("page=x"))).toBe(0);
  });
});
