/**
 * Pagination invariants per family, over several seeds and page sizes:
 * - cursor export: every record exactly once, ordered, exact page sizes, terminates;
 * - time export: every record at least once, duplicates only across a page boundary
 *   at the boundary second, terminates (no trap without a same-second burst);
 * - Support cursor pagination: forward walk = the whole list, backward walk from the
 *   last page = the same list reversed page by page;
 * - offset pagination: pages partition the list, count = total.
 */
import { describe, expect, it } from "vitest";
import { cursorExportPage } from "./export-cursor.js";
import { timeExportPage } from "./export-time.js";
import { cursorPage, sortForCursor, type CursorOrder } from "./cursor.js";
import { offsetPage } from "./offset.js";
import { Simulator } from "../core/simulator.js";
import { ANCHOR } from "../__tests__/helpers.js";
import type { JsonObject } from "../core/types.js";

const SEEDS = [1, 2, 3];

describe.each(SEEDS)("seed %i", (seed) => {
  const sim = new Simulator({ seed, tickets: 400, anchor: ANCHOR, organizations: 120 });
  const horizon = sim.horizon();

  it.each([1, 7, 50, 1000])("cursor export, per_page %i", (perPage) => {
    const seen: number[] = [];
    let after: { ts: number; id: number } | undefined;
    let pages = 0;
    for (;;) {
      const p = cursorExportPage(sim.account.tickets, { startTime: after ? undefined : 0, after, perPage, horizon });
      pages++;
      if (!p.endOfStream) expect(p.records.length).toBe(perPage);
      seen.push(...p.records.map((r) => r.id as number));
      after = p.position;
      if (p.endOfStream) break;
      expect(pages).toBeLessThan(10_000);
    }
    expect(seen.length).toBe(400);
    expect(new Set(seen).size).toBe(400);
  });

  it.each([1, 3, 10, 1000])("time export, per_page %i", (perPage) => {
    const seen = new Map<number, number>();
    let start = 0;
    let prev: JsonObject[] = [];
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10_000);
      const p = timeExportPage(sim.account.organizations, { startTime: start, perPage, horizon, maxPage: 1000 });
      const prevIds = new Set(prev.map((o) => o.id as number));
      for (const o of p.records) {
        const id = o.id as number;
        if (seen.has(id)) {
          // a duplicate must come from the previous page and sit at the boundary second
          expect(prevIds.has(id)).toBe(true);
          expect(Math.floor(Date.parse(o.updated_at as string) / 1000)).toBe(start);
        }
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      expect(p.endTime).toBeGreaterThanOrEqual(start);
      if (p.endOfStream) break;
      expect(p.endTime > start || p.records.length < perPage).toBe(true);
      start = p.endTime;
      prev = p.records;
    }
    expect(seen.size).toBe(sim.account.organizations.size);
  });

  const order: CursorOrder<JsonObject> = { label: "name,id", key: (g) => [String(g.name), g.id as number], dirs: [1, 1] };
  it.each([1, 2, 5, 100])("Support cursor pagination, page[size] %i", (size) => {
    const items = sortForCursor([...sim.account.organizations.byId.values()], order);
    const q = (extra: Record<string, string>) => new URLSearchParams({ "page[size]": String(size), ...extra });
    const forward: JsonObject[][] = [];
    let params = q({});
    for (;;) {
      const p = cursorPage(items, order, params, "https://x", "/api/v2/x", "x");
      forward.push(p.items);
      expect(typeof p.envelope.links.next).toBe("string");
      if (!p.envelope.meta.has_more) break;
      params = q({ "page[after]": p.envelope.meta.after_cursor as string });
    }
    expect(forward.flat()).toEqual(items);
    // backward from the last page
    const backward: JsonObject[][] = [forward[forward.length - 1]];
    // `params` still addresses the last forward page
    let before = cursorPage(items, order, params, "https://x", "/api/v2/x", "x").envelope.meta.before_cursor as string;
    for (;;) {
      const p = cursorPage(items, order, q({ "page[before]": before }), "https://x", "/api/v2/x", "x");
      if (!p.items.length) break;
      backward.unshift(p.items);
      if (!p.envelope.meta.has_more) break;
      before = p.envelope.meta.before_cursor as string;
    }
    expect(backward.flat()).toEqual(items);
  });

  it.each([1, 30, 100])("offset pagination, per_page %i", (perPage) => {
    const items = [...sim.account.organizations.byId.values()].slice(0, Math.min(120, perPage * 100));
    const all: JsonObject[] = [];
    for (let page = 1; ; page++) {
      const p = offsetPage(items, new URLSearchParams({ page: String(page), per_page: String(perPage) }), "https://x", "/api/v2/x", "x");
      expect(p.envelope.count).toBe(items.length);
      all.push(...p.items);
      if (p.envelope.next_page == null) break;
    }
    expect(all).toEqual(items);
  });
});
