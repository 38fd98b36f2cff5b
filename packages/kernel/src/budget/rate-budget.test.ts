import { describe, expect, it, vi } from "vitest";
import type { BudgetWaitEvent, RateClass } from "../contracts/budget.js";
import type { HttpRequest } from "../contracts/http.js";
import { createHttpClient } from "../http/client.js";
import { FakeClock } from "../testing/fake-clock.js";
import { sendJson, startTestServer } from "../testing/loopback-server.js";
import { readLimitHeaders } from "./headers.js";
import { createRateBudget, type RateBudget } from "./rate-budget.js";

const BASE = "https://acme.example.com";
const T0 = Date.UTC(2024, 0, 1);
const get = (path: string): HttpRequest => ({ method: "GET", url: `${BASE}${path}`, headers: {} });
const ok = (headers: Record<string, string> = {}) => ({ status: 200, headers });

const incremental: RateClass = {
  name: "incremental-exports",
  match: /^\/v1\/incremental\//,
  requestsPerWindow: 10,
  windowMs: 60_000,
  headerNames: ["acme-ratelimit-incremental-exports"],
};
const account: RateClass = {
  name: "account",
  match: /^\/v1\//,
  requestsPerWindow: 12,
  windowMs: 60_000,
  headerNames: ["x-rate-limit", "x-rate-limit-remaining", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"],
};

/** Holds the fake clock while a request is on the wire, so simulated time cannot jump mid-exchange. */
function holdWhileSending(budget: RateBudget, clock: FakeClock): RateBudget {
  const releases = new Map<HttpRequest, () => void>();
  return {
    ...budget,
    async acquire(request, signal) {
      await budget.acquire(request, signal);
      releases.set(request, clock.hold());
    },
    observe(request, response) {
      releases.get(request)?.();
      releases.delete(request);
      budget.observe(request, response);
    },
  };
}

/** Starts `n` acquires at once; records the (simulated) time each one is granted. */
function startAcquires(budget: ReturnType<typeof createRateBudget>, clock: FakeClock, requests: HttpRequest[]) {
  const granted: number[] = [];
  const all = Promise.all(requests.map((r) => budget.acquire(r).then(() => void granted.push(clock.now() - T0))));
  return { granted, all };
}

/** Waits (in real time, briefly) until the budget has made every grant it can make now. */
async function settleGrants(granted: number[], expected: number) {
  await vi.waitFor(() => expect(granted.length).toBe(expected), { timeout: 30_000, interval: 2 });
  await new Promise((r) => setTimeout(r, 5));
  expect(granted.length).toBe(expected);
}

describe("readLimitHeaders", () => {
  it("reads plain and structured headers", () => {
    expect(readLimitHeaders({ "x-rate-limit": "700", "x-rate-limit-remaining": "699" }, account.headerNames!)).toEqual({ limit: 700, remaining: 699 });
    expect(readLimitHeaders({ "ratelimit-limit": "700", "ratelimit-remaining": "5", "ratelimit-reset": "12.5", "x-rate-limit-remaining": "7" }, account.headerNames!)).toEqual({
      limit: 700,
      remaining: 5,
      resetSeconds: 12.5,
    });
    expect(readLimitHeaders({ "acme-ratelimit-tickets-index": "total=100; remaining=99; resets=41" }, ["acme-ratelimit-tickets-index"])).toEqual({
      limit: 100,
      remaining: 99,
      resetSeconds: 41,
    });
    expect(readLimitHeaders({ other: "1" }, account.headerNames!)).toBeUndefined();
    // A unix-time reset (GitHub's x-ratelimit-reset) read as seconds from now; one in the past is 0.
    const github = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];
    const nowMs = Date.UTC(2024, 0, 1, 12);
    expect(readLimitHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(nowMs / 1000 + 42) }, github, { format: "epoch-seconds", nowMs })).toEqual({ remaining: 0, resetSeconds: 42 });
    expect(readLimitHeaders({ "x-ratelimit-reset": String(nowMs / 1000 - 5) }, github, { format: "epoch-seconds", nowMs })).toEqual({ resetSeconds: 0 });
    expect(readLimitHeaders({ "x-ratelimit-reset": "soon" }, github, { format: "epoch-seconds", nowMs })).toBeUndefined();
    expect(readLimitHeaders({ "x-rate-limit": "lots" }, account.headerNames!)).toBeUndefined();
  });
});

describe("createRateBudget", () => {
  it("lets 25 requests through a 10/min class in three windows", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [incremental], clock, windowMarginMs: 0 });
    const { granted, all } = startAcquires(budget, clock, Array.from({ length: 25 }, () => get("/v1/incremental/tickets/cursor.json")));
    await settleGrants(granted, 10);
    await clock.advance(59_999);
    expect(granted.length).toBe(10);
    await clock.advance(1);
    await settleGrants(granted, 20);
    await clock.advance(60_000);
    await all;
    expect(granted).toEqual([...Array(10).fill(0), ...Array(10).fill(60_000), ...Array(5).fill(120_000)]);
  });

  it("finishes the same run in the right simulated time with auto-advance, margin included", async () => {
    const clock = new FakeClock({ start: T0, autoAdvance: true });
    const budget = createRateBudget({ classes: [incremental], clock });
    const { granted, all } = startAcquires(budget, clock, Array.from({ length: 25 }, () => get("/v1/incremental/users.json")));
    await all;
    expect(granted.filter((t) => t === 0)).toHaveLength(10);
    expect(Math.max(...granted)).toBe(120_500);
  });

  it("is a moving window: a slot frees exactly one window after it was used", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [{ ...incremental, requestsPerWindow: 2 }], clock, windowMarginMs: 0 });
    await budget.acquire(get("/v1/incremental/a"));
    await clock.advance(30_000);
    await budget.acquire(get("/v1/incremental/a"));
    const { granted, all } = startAcquires(budget, clock, [get("/v1/incremental/a"), get("/v1/incremental/a")]);
    await clock.advance(30_000);
    await settleGrants(granted, 1);
    expect(granted).toEqual([60_000]);
    await clock.advance(30_000);
    await all;
    expect(granted).toEqual([60_000, 90_000]);
  });

  it("counts a request against every class it matches, and leaves unmatched requests alone", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account, incremental], clock, windowMarginMs: 0 });
    const requests = [
      ...Array.from({ length: 8 }, () => get("/v1/incremental/tickets/cursor.json")),
      ...Array.from({ length: 8 }, () => get("/v1/groups.json")),
    ];
    const { granted, all } = startAcquires(budget, clock, requests);
    await settleGrants(granted, 12);
    expect(budget.snapshot()).toEqual([
      expect.objectContaining({ name: "incremental-exports", used: 8, limit: 10 }),
      expect.objectContaining({ name: "account", used: 12, limit: 12 }),
    ]);
    await budget.acquire(get("/help-center-is-not-budgeted"));
    await clock.advance(60_000);
    await all;
    expect(granted.filter((t) => t === 60_000)).toHaveLength(4);
  });

  it("adapts the limit from x-rate-limit", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account], clock, windowMarginMs: 0 });
    const first = get("/v1/users.json");
    await budget.acquire(first);
    budget.observe(first, ok({ "x-rate-limit": "20", "x-rate-limit-remaining": "19" }));
    const { granted, all } = startAcquires(budget, clock, Array.from({ length: 19 }, () => get("/v1/users.json")));
    await all;
    expect(granted).toEqual(Array(19).fill(0));
    expect(budget.snapshot()[0]).toMatchObject({ limit: 20, used: 20, serverRemaining: 0 });
  });

  it("lowers the limit from headers, waiting until enough old requests leave the window", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [{ ...account, requestsPerWindow: 20 }], clock, windowMarginMs: 0 });
    for (let i = 0; i < 8; i++) {
      await budget.acquire(get("/v1/x"));
      await clock.advance(1_000);
    }
    budget.observe(get("/v1/x"), ok({ "x-rate-limit": "5" }));
    const events: BudgetWaitEvent[] = [];
    budget.onWait((e) => events.push(e));
    const { granted, all } = startAcquires(budget, clock, [get("/v1/x")]);
    // Sent at 0..7 s; with 5 allowed, the 4th-oldest (sent at 3 s) must leave the window first.
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(63_000 - 8_000);
    await all;
    expect(granted).toEqual([63_000]);
    expect(events).toEqual([{ rateClass: "account", waitMs: 55_000, reason: "window" }]);
  });

  it("holds the class until ratelimit-reset (fractional seconds) when remaining reaches 0", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account], clock, windowMarginMs: 0 });
    const events: BudgetWaitEvent[] = [];
    budget.onWait((e) => events.push(e));
    const r = get("/v1/tickets.json");
    await budget.acquire(r);
    budget.observe(r, ok({ "ratelimit-limit": "700", "ratelimit-remaining": "0", "ratelimit-reset": "2.5" }));
    const { granted, all } = startAcquires(budget, clock, [get("/v1/tickets.json")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(2_499);
    expect(granted).toEqual([]);
    await clock.advance(1);
    await all;
    expect(granted).toEqual([2_500]);
    expect(events).toEqual([{ rateClass: "account", waitMs: 2_500, reason: "window" }]);
  });

  it("holds the class until a unix-time reset when the class reads resets as epoch seconds", async () => {
    const hourly: RateClass = { name: "core", match: /^\//, requestsPerWindow: 5000, windowMs: 3_600_000, headerNames: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"], resetFormat: "epoch-seconds" };
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [hourly], clock, windowMarginMs: 0 });
    const r = get("/v1/issues");
    await budget.acquire(r);
    budget.observe(r, ok({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(T0 / 1000 + 600) }));
    const { granted, all } = startAcquires(budget, clock, [get("/v1/issues")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(599_999);
    expect(granted).toEqual([]);
    await clock.advance(1);
    await all;
    expect(granted).toEqual([600_000]);
  });

  it("spends exactly the remaining server budget, then waits for the reset", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [{ ...account, requestsPerWindow: 700 }], clock, windowMarginMs: 0 });
    const r = get("/v1/tickets.json");
    await budget.acquire(r);
    budget.observe(r, ok({ "x-rate-limit": "700", "ratelimit-remaining": "3", "ratelimit-reset": "30" }));
    const { granted, all } = startAcquires(budget, clock, Array.from({ length: 5 }, () => get("/v1/tickets.json")));
    await settleGrants(granted, 3);
    await clock.advance(30_000);
    await all;
    expect(granted).toEqual([0, 0, 0, 30_000, 30_000]);
  });

  it("follows a live server report past the documented window (a server with a shorter window)", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [incremental], clock, windowMarginMs: 0 });
    // The documented prior is 10 per 60 s; this server's window is one second.
    for (let i = 0; i < 10; i++) {
      const r = get("/v1/incremental/tickets/cursor.json");
      await budget.acquire(r);
      budget.observe(r, ok({ "acme-ratelimit-incremental-exports": `total=10; remaining=${9 - i}; resets=1` }));
    }
    const { granted, all } = startAcquires(budget, clock, [get("/v1/incremental/users/cursor.json")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(1_000);
    await all;
    // Without the report it would have waited a whole documented minute.
    expect(granted).toEqual([1_000]);
  });

  it("never holds a class longer than one window for a reset header", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account], clock, windowMarginMs: 0 });
    const r = get("/v1/tickets.json");
    await budget.acquire(r);
    budget.observe(r, ok({ "ratelimit-remaining": "0", "ratelimit-reset": "1700000000" }));
    const { granted, all } = startAcquires(budget, clock, [get("/v1/tickets.json")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(60_000);
    await all;
    expect(granted).toEqual([60_000]);
  });

  it("reads acme-ratelimit-<name> headers", async () => {
    const clock = new FakeClock({ start: T0 });
    const ticketsIndex: RateClass = { name: "tickets-index", match: /^\/v1\/tickets(\.json)?$/, requestsPerWindow: 50, windowMs: 60_000, headerNames: ["acme-ratelimit-tickets-index"] };
    const budget = createRateBudget({ classes: [ticketsIndex], clock, windowMarginMs: 0 });
    const r = get("/v1/tickets.json");
    await budget.acquire(r);
    budget.observe(r, ok({ "acme-ratelimit-tickets-index": "total=100; remaining=0; resets=41" }));
    expect(budget.snapshot()[0]).toMatchObject({ limit: 100, serverRemaining: 0 });
    const { granted, all } = startAcquires(budget, clock, [get("/v1/tickets.json")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    await clock.advance(41_000);
    await all;
    expect(granted).toEqual([41_000]);
  });

  it("does not count requests still in flight as remaining", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [{ ...account, requestsPerWindow: 700 }], clock, windowMarginMs: 0 });
    const a = get("/v1/a");
    const b = get("/v1/b");
    await budget.acquire(a);
    await budget.acquire(b);
    // a's response says 1 left, but b was sent after the server counted a.
    budget.observe(a, ok({ "ratelimit-remaining": "1", "ratelimit-reset": "10" }));
    expect(budget.snapshot()[0].serverRemaining).toBe(0);
  });

  it("pause() holds every class of the request and reports a retry-after wait", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account, incremental], clock, windowMarginMs: 0 });
    const events: BudgetWaitEvent[] = [];
    const unsubscribe = budget.onWait((e) => events.push(e));
    budget.pause(get("/v1/incremental/tickets/cursor.json"), 1_500);
    expect(events).toEqual([
      { rateClass: "incremental-exports", waitMs: 1_500, reason: "retry-after" },
      { rateClass: "account", waitMs: 1_500, reason: "retry-after" },
    ]);
    expect(budget.snapshot().map((s) => s.heldUntil)).toEqual([T0 + 1_500, T0 + 1_500]);
    const { granted, all } = startAcquires(budget, clock, [get("/v1/groups.json"), get("/v1/incremental/users.json")]);
    await budget.acquire(get("/not-budgeted"));
    await vi.waitFor(() => expect(clock.pending).toBe(2));
    await clock.advance(1_499);
    expect(granted).toEqual([]);
    await clock.advance(1);
    await all;
    expect(granted).toEqual([1_500, 1_500]);
    unsubscribe();
    budget.pause(get("/v1/x"), 10);
    expect(events).toHaveLength(4);
  });

  it("on a 429, holds only the classes the response does not show budget left in", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account, incremental], clock, windowMarginMs: 0 });
    const r = get("/v1/incremental/tickets/cursor.json");
    await budget.acquire(r);
    budget.observe(r, { status: 429, headers: { "x-rate-limit": "700", "x-rate-limit-remaining": "650", "retry-after": "30" } });
    budget.pause(r, 30_000);
    expect(budget.snapshot().map((c) => [c.name, c.heldUntil])).toEqual([
      ["incremental-exports", T0 + 30_000],
      ["account", undefined],
    ]);
    // Everything reports budget left (spike protection?): hold them all.
    budget.observe(r, { status: 429, headers: { "x-rate-limit-remaining": "650", "acme-ratelimit-incremental-exports": "total=10; remaining=5; resets=20" } });
    budget.pause(r, 40_000);
    expect(budget.snapshot().map((c) => c.heldUntil)).toEqual([T0 + 40_000, T0 + 40_000]);
  });

  it("wakes a waiting request when the server raises the limit", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [{ ...account, requestsPerWindow: 1 }], clock, windowMarginMs: 0 });
    const first = get("/v1/x");
    await budget.acquire(first);
    const { granted, all } = startAcquires(budget, clock, [get("/v1/x")]);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    budget.observe(first, ok({ "x-rate-limit": "400" }));
    await all;
    expect(granted).toEqual([0]);
  });

  it("rejects an aborted acquire and gives its slot back", async () => {
    const clock = new FakeClock({ start: T0 });
    const budget = createRateBudget({ classes: [account, { ...incremental, requestsPerWindow: 1 }], clock, windowMarginMs: 0 });
    await budget.acquire(get("/v1/incremental/a"));
    const controller = new AbortController();
    const pending = budget.acquire(get("/v1/incremental/b"), controller.signal).catch((e) => e);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    controller.abort(new Error("cancelled"));
    expect(((await pending) as Error).message).toBe("cancelled");
    expect(budget.snapshot().map((s) => s.used)).toEqual([1, 1]);
    await expect(budget.acquire(get("/v1/y"), AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("drives a rate-limited server through the HTTP client with zero 429s", async () => {
    const clock = new FakeClock({ start: T0, autoAdvance: true });
    const seen: number[] = [];
    let rejected = 0;
    // The server allows 10 requests in any 60 s of the shared fake clock, like the incremental export limit.
    const server = await startTestServer((_req, res) => {
      const now = clock.now();
      const recent = seen.filter((t) => t > now - 60_000);
      if (recent.length >= 10) {
        rejected++;
        return sendJson(res, 429, { error: "APIRateLimitExceeded" }, { "retry-after": "30" });
      }
      seen.push(now);
      sendJson(res, 200, { tickets: [], end_of_stream: false });
    });
    const budget = createRateBudget({ classes: [incremental], clock });
    const client = createHttpClient({
      authenticator: { apply: async (r) => r },
      budget: holdWhileSending(budget, clock),
      clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await Promise.all(
      Array.from({ length: 30 }, () => client.send({ method: "GET", url: `${server.url}/v1/incremental/tickets/cursor.json`, headers: {} })),
    );
    await client.close();
    await server.close();
    expect(rejected).toBe(0);
    expect(client.stats()).toMatchObject({ requests: 30, rateLimitWaits: 0 });
    expect(clock.now() - T0).toBe(120_500);
  });

  it("learns a higher limit from headers and spends it with zero 429s", async () => {
    const clock = new FakeClock({ start: T0, autoAdvance: true });
    const seen: number[] = [];
    let rejected = 0;
    const LIMIT = 30;
    const server = await startTestServer((_req, res) => {
      const now = clock.now();
      const recent = seen.filter((t) => t > now - 60_000).length;
      if (recent >= LIMIT) {
        rejected++;
        return sendJson(res, 429, {}, { "retry-after": "10", "x-rate-limit": String(LIMIT), "x-rate-limit-remaining": "0" });
      }
      seen.push(now);
      sendJson(res, 200, { users: [] }, { "x-rate-limit": String(LIMIT), "x-rate-limit-remaining": String(LIMIT - recent - 1) });
    });
    // Starts from a documented 10/min; the server says 30.
    const budget = createRateBudget({ classes: [{ ...account, requestsPerWindow: 10 }], clock });
    const client = createHttpClient({ authenticator: { apply: async (r) => r }, budget: holdWhileSending(budget, clock), clock, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    const worker = async () => {
      for (let i = 0; i < 15; i++) await client.send({ method: "GET", url: `${server.url}/v1/users.json`, headers: {} });
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await client.close();
    await server.close();
    expect(rejected).toBe(0);
    expect(budget.snapshot()[0].limit).toBe(LIMIT);
    // 60 requests at 30 per minute: 30 right away, 30 as soon as the first window has passed.
    expect(clock.now() - T0).toBe(60_250);
  });
});
