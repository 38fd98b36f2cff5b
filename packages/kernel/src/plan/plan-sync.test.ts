import { describe, expect, it } from "vitest";
import { fakeConnection, fakeHttp } from "../../test/fakes.js";
import { createRateBudget } from "../budget/rate-budget.js";
import type { Stream, StreamGroup } from "../contracts/stream.js";
import { SkipError } from "../errors.js";
import { silentLogger } from "../logging/logger.js";
import { nextUrlPaginator } from "../pagination/generic.js";
import { defaultConfiguredCatalog } from "../runner/catalog.js";
import { defineRestStream } from "../streams/define-rest-stream.js";
import { FakeClock } from "../testing/fake-clock.js";
import { planSync } from "./plan-sync.js";
import { sizeFromFirstPage } from "./probe.js";

const NOW = 1_700_000_000;
const BASE = "https://api.example.com";

/** A server-side incremental list on `t`, next URL in `next`. */
const exportStream = (name: string, count?: number) =>
  defineRestStream({
    name,
    url: `${BASE}/v1/export/${name}`,
    paginator: () => nextUrlPaginator({ nextUrl: (b) => b.next, more: (b) => b.next !== null }),
    records: "items",
    primaryKey: "id",
    schema: { type: "object" },
    incremental: { kind: "server", cursorField: "t", stateFormat: "unix", startParams: (start) => ({ since: String(start) }) },
    start: () => NOW - 1000,
    ...(count !== undefined ? { estimate: { count: async () => count, pageSize: 100 } } : {}),
  });

const list = (name: string): Stream => ({
  ...defineRestStream({ name, url: `${BASE}/v1/${name}`, paginator: () => nextUrlPaginator({ nextUrl: (b) => b.next }), records: "items", primaryKey: "id", schema: { type: "object" }, start: () => 0 }),
});

const gated: Stream = {
  spec: { name: "gated", jsonSchema: {}, primaryKey: [] },
  read: async function* () {},
  plan: async () => {
    throw new SkipError("stream", "403 You do not have access");
  },
};
const bare: Stream = { spec: { name: "bare", jsonSchema: {}, primaryKey: [] }, read: async function* () {} };
const pair: StreamGroup = {
  name: "a+b",
  members: ["a", "b"],
  read: async function* () {},
  plan: async (ctx) => ({ route: "/v1/pair", batches: [{ url: `${BASE}/v1/pair`, requests: 4 }], basis: `members ${Object.keys(ctx.members).join(",")}`, records: { a: 40, b: undefined } }),
};

function setup(streams: Stream[], answer: (url: URL) => unknown, groups: StreamGroup[] = []) {
  const clock = new FakeClock({ start: NOW * 1000 });
  const budget = createRateBudget({
    clock,
    classes: [
      { name: "exports", match: /^\/v1\/export\//, requestsPerWindow: 10, windowMs: 60_000 },
      { name: "api", match: /^\/v1\//, requestsPerWindow: 100, windowMs: 60_000 },
    ],
  });
  const http = fakeHttp(answer);
  const connection = { ...fakeConnection(http, BASE), budget };
  const byName = new Map(streams.map((s) => [s.spec.name, s]));
  return {
    http,
    plan: (states = {}, names = streams.map((s) => s.spec.name)) =>
      planSync({
        streams: byName,
        groups,
        catalog: defaultConfiguredCatalog(names.map((n) => byName.get(n)!)),
        states,
        connection,
        config: {},
        clock,
        logger: silentLogger,
        concurrency: 2,
        latencyMs: 0,
      }),
  };
}

describe("planSync", () => {
  it("sizes each stream, sorts its requests into the budget's classes and replays the schedule", async () => {
    const { plan, http } = setup([exportStream("things", 2500), list("small")], () => ({ items: [{ id: 1 }, { id: 2 }], next: null }));
    const result = await plan();
    const things = result.streams.find((s) => s.stream === "things")!;
    expect(things).toMatchObject({ records: 2500, requests: 25, classes: { exports: 25, api: 25 }, basis: "count endpoint", route: "/v1/export/things" });
    expect(result.streams.find((s) => s.stream === "small")).toMatchObject({ records: 2, requests: 1, classes: { api: 1 }, basis: "first page (the whole list)" });
    // 25 exports at 10 a minute: the third window, 120 s (plus the budget's 250 ms margin).
    expect(result.estimatedSeconds).toBe(120.25);
    expect(result.classes).toEqual([
      { name: "exports", limit: 10, windowSeconds: 60, requests: 25, seconds: 120.25, boundSeconds: 120.25 },
      { name: "api", limit: 100, windowSeconds: 60, requests: 26, seconds: 120.25, boundSeconds: 0 },
    ]);
    // The count came from the hook; only the small list's first page was read.
    expect(http.urls).toEqual([`${BASE}/v1/small`]);
    expect(result.requestsMade).toBe(1);
  });

  it("from a saved cursor an export is sized from its first pages after it (start, halfway), extrapolated to now", async () => {
    const { plan, http } = setup([exportStream("things", 2500)], (url) => ({
      // 100 records over 100 s from since; 400 s more to now.
      items: Array.from({ length: 100 }, (_, i) => ({ id: i, t: Number(url.searchParams.get("since")) + i })),
      next: `${BASE}/v1/export/things?page=2`,
    }));
    const result = await plan({ things: { t: String(NOW - 500) } });
    // From the cursor, and from halfway between its first record and now.
    expect(http.urls).toEqual([`${BASE}/v1/export/things?since=${NOW - 500}`, `${BASE}/v1/export/things?since=${NOW - 250}`]);
    // One record a second at both points: 250 s × 1 + 250 s × 1 = 500 records, 5 pages of 100.
    expect(result.streams[0]).toMatchObject({ records: 500, requests: 5, basis: "saved state + two first pages (start, halfway), extrapolated over time" });
  });

  it("a shared pass: one estimate for the group, its requests on the first member; members' records apart", async () => {
    const a = list("a");
    const b = list("b");
    const { plan } = setup([a, b], () => ({ items: [], next: null }), [pair]);
    const result = await plan();
    expect(result.streams.map((s) => [s.stream, s.records, s.requests, s.sharedWith])).toEqual([
      ["a", 40, 4, ["a", "b"]],
      ["b", undefined, 0, ["a", "b"]],
    ]);
    expect(result.streams[0].basis).toBe("members a,b");
  });

  it("a refused stream, one without a plan hook and an unreadable state are rows with a problem, not a failed plan", async () => {
    const migrating: Stream = { ...exportStream("migrating"), migrateState: () => { throw new Error("state {x} is not a timestamp"); } };
    const { plan } = setup([gated, bare, migrating, list("fine")], () => ({ items: [{ id: 1 }], next: null }));
    const result = await plan({ migrating: { x: "?" } });
    const by = Object.fromEntries(result.streams.map((s) => [s.stream, s]));
    expect(by.gated.problem).toBe("skipped: 403 You do not have access");
    expect(by.bare).toMatchObject({ requests: 0, basis: "no estimate (the stream's plugin has no plan hook)" });
    expect(by.migrating.problem).toMatch(/not a timestamp/);
    expect(by.fine.requests).toBe(1);
  });
});

describe("sizeFromFirstPage", () => {
  const page = (n: number, more: boolean, body: unknown = {}) => ({ records: Array.from({ length: n }, (_, i) => ({ id: i, t: 1000 + i * 10 })), body, more });

  it("the whole list, the envelope's total, time extrapolation, or at least two pages", () => {
    expect(sizeFromFirstPage(page(7, false), { nowSeconds: 0 })).toEqual({ records: 7, requests: 1, basis: "first page (the whole list)" });
    expect(sizeFromFirstPage(page(100, true), { total: 1234, nowSeconds: 0 })).toMatchObject({ records: 1234, requests: 13 });
    // 100 records in 990 s; 1010 s more to now at the same rate → 100 + 1010 × 99/990 = 201.
    expect(sizeFromFirstPage(page(100, true), { cursorOf: (r) => r.t as number, nowSeconds: 3000 })).toMatchObject({ records: 201, requests: 3 });
    expect(sizeFromFirstPage(page(100, true), { nowSeconds: 3000 })).toEqual({ records: undefined, requests: 2, basis: "first page (more pages, total unknown: at least 2)" });
  });
});

describe("smallRequestMs", () => {
  it("is the median time of the smaller half of the responses", async () => {
    const { smallRequestMs } = await import("./plan-sync.js");
    const samples = [
      { ms: 40, bytes: 100 },
      { ms: 10, bytes: 50 },
      { ms: 900, bytes: 900_000 },
      { ms: 20, bytes: 80 },
      { ms: 700, bytes: 500_000 },
    ];
    expect(smallRequestMs(samples)).toBe(20);
    expect(smallRequestMs([])).toBe(0);
  });
});

describe("planSubstream", () => {
  it("interleaves the parent's pages with their partitions, as readSubstream reads", async () => {
    const { planSubstream } = await import("./substream-plan.js");
    const parent: Stream = {
      spec: { name: "parents", jsonSchema: {}, primaryKey: [] },
      read: async function* () {},
      plan: async () => ({ route: "/v1/export/parents", records: 250, batches: [{ url: `${BASE}/v1/export/parents`, requests: 3 }], basis: "count endpoint" }),
    };
    const once = <T>(_k: string, f: () => Promise<T>) => f();
    const ctx = { config: {}, mode: "full_refresh" as const, state: undefined, http: fakeHttp(() => ({})), baseUrl: BASE, logger: silentLogger, clock: new FakeClock(), signal: new AbortController().signal, concurrency: 2, once };
    const estimate = await planSubstream({ parent, childUrl: `${BASE}/v1/parents/{id}/children` }, ctx);
    expect(estimate.batches.map((b) => [b.url.includes("children") ? "child" : "parent", b.requests, b.parallel ?? 1])).toEqual([
      ["parent", 1, 1], ["child", 84, 2],
      ["parent", 1, 1], ["child", 84, 2],
      ["parent", 1, 1], ["child", 82, 2],
    ]);
    expect(estimate.basis).toBe("one partition per parents record (count endpoint)");
  });
});
