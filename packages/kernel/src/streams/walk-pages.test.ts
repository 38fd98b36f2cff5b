/**
 * The walk's read-ahead: page N+1's request goes out before the caller asks for it, only when the
 * walk opted in and the paginator produced it; it is cancelled (its failure dropped) when the caller
 * stops, and its own failure surfaces when its page is due.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CapturingSink, fakeConnection, fixedClock, RecordingDestination } from "../../test/fakes.js";
import type { Budget } from "../contracts/budget.js";
import type { HttpClient, HttpRequest, HttpResponse, RequestOptions } from "../contracts/http.js";
import type { StreamRecord } from "../contracts/stream.js";
import { ConnectorError, HttpFailure } from "../errors.js";
import { createHttpClient } from "../http/client.js";
import { silentLogger } from "../logging/logger.js";
import { nextUrlPaginator } from "../pagination/index.js";
import { defaultConfiguredCatalog } from "../runner/catalog.js";
import { runStreams } from "../runner/run-streams.js";
import { MemoryStateStore } from "../state/file-state-store.js";
import { FakeClock } from "../testing/fake-clock.js";
import { sendJson, startTestServer, type TestServer } from "../testing/loopback-server.js";
import { defineRestStream } from "./define-rest-stream.js";
import { type PageWalk, walkPages } from "./walk-pages.js";

const BASE = "https://api.example.test";

/** A request the test answers by hand; it rejects with the signal's reason when its signal aborts. */
interface Pending {
  url: string;
  options: RequestOptions | undefined;
  answer(body: unknown): void;
  fail(error: Error): void;
  settled: boolean;
}

/** An HttpClient whose requests wait until the test answers them, so the order of sends is visible. */
function manualHttp(): HttpClient & { sent: Pending[] } {
  const sent: Pending[] = [];
  const send = (request: HttpRequest, options?: RequestOptions) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const pending: Pending = {
        url: request.url,
        options,
        settled: false,
        answer(body) {
          pending.settled = true;
          const text = JSON.stringify(body);
          resolve({ status: 200, headers: {}, text, request, json: () => JSON.parse(text) });
        },
        fail(error) {
          pending.settled = true;
          reject(error);
        },
      };
      options?.signal?.addEventListener("abort", () => pending.fail(options.signal!.reason), { once: true });
      sent.push(pending);
    });
  return { sent, send, getJson: async () => { throw new Error("not used"); } };
}

/** Page n of `last`: records n*10 and n*10+1, pointing at page n+1 until the last. */
const page = (n: number, last: number) => ({ items: [{ id: n * 10 }, { id: n * 10 + 1 }], next: n < last ? `${BASE}/items?page=${n + 1}` : null });

const walkOf = (readAhead?: boolean): PageWalk => ({
  url: `${BASE}/items?page=1`,
  paginator: nextUrlPaginator({ nextUrl: (body) => body.next }),
  records: "items",
  label: "items",
  ...(readAhead === undefined ? {} : { readAhead }),
});

/** Lets settled promises run their continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("walkPages read-ahead", () => {
  it("sends page 2's request before the caller asks for it, with the same options as any page", async () => {
    const http = manualHttp();
    const walk = walkPages({ http }, walkOf(true));
    const first = walk.next();
    await settle();
    expect(http.sent.map((s) => s.url)).toEqual([`${BASE}/items?page=1`]);
    http.sent[0].answer(page(1, 3));
    expect((await first).value.records).toEqual([{ id: 10 }, { id: 11 }]);
    // Page 2 is on its way while the caller holds page 1.
    expect(http.sent.map((s) => s.url)).toEqual([`${BASE}/items?page=1`, `${BASE}/items?page=2`]);
    expect(http.sent[1].options?.label).toBe("items");
    expect(typeof http.sent[1].options?.validate).toBe("function");
    http.sent[1].answer(page(2, 3));
    await settle();
    // One page ahead at most: page 3 waits until the caller takes page 2.
    expect(http.sent).toHaveLength(2);
    expect((await walk.next()).value.records).toEqual([{ id: 20 }, { id: 21 }]);
    expect(http.sent).toHaveLength(3);
    http.sent[2].answer(page(3, 3));
    expect((await walk.next()).value.records).toEqual([{ id: 30 }, { id: 31 }]);
    expect((await walk.next()).done).toBe(true);
    // The paginator had no next after page 3: nothing more was sent.
    expect(http.sent).toHaveLength(3);
  });

  it("sends nothing ahead when the paginator has no next page", async () => {
    const http = manualHttp();
    const walk = walkPages({ http }, walkOf(true));
    const first = walk.next();
    await settle();
    http.sent[0].answer(page(1, 1));
    expect((await first).done).toBe(false);
    await settle();
    expect(http.sent).toHaveLength(1);
    expect((await walk.next()).done).toBe(true);
  });

  it("a caller that breaks cancels the request sent ahead; its rejection is dropped, not unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const http = manualHttp();
      const seen: number[] = [];
      const reading = (async () => {
        for await (const p of walkPages({ http }, walkOf(true))) {
          seen.push(...p.records.map((r) => r.id as number));
          break;
        }
      })();
      await settle();
      http.sent[0].answer(page(1, 3));
      await reading;
      expect(seen).toEqual([10, 11]);
      expect(http.sent).toHaveLength(2);
      expect(http.sent[1].settled).toBe(true);
      expect(http.sent[1].options?.signal?.aborted).toBe(true);
      await settle();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("without read-ahead nothing is sent before the caller asks, and a break sends nothing more (data feeds)", async () => {
    for (const walkDef of [walkOf(), walkOf(false)]) {
      const http = manualHttp();
      const reading = (async () => {
        for await (const _ of walkPages({ http }, walkDef)) {
          await settle();
          expect(http.sent).toHaveLength(1);
          break;
        }
      })();
      await settle();
      http.sent[0].answer(page(1, 3));
      await reading;
      expect(http.sent).toHaveLength(1);
    }
  });

  it("the failure of the page read ahead surfaces when that page is due, after the page before it", async () => {
    const http = manualHttp();
    const walk = walkPages({ http }, walkOf(true));
    const first = walk.next();
    await settle();
    http.sent[0].answer(page(1, 3));
    const one = await first;
    const failure = new HttpFailure("GET /items answered 500 after 3 attempts", "transient_error", 500, "/items");
    http.sent[1].fail(failure);
    await settle();
    expect(one.value.records).toHaveLength(2);
    await expect(walk.next()).rejects.toBe(failure);
    expect(http.sent).toHaveLength(2);
  });

  it("the caller's signal aborts the request sent ahead, with the caller's reason", async () => {
    const http = manualHttp();
    const abort = new AbortController();
    const walk = walkPages({ http, signal: abort.signal }, walkOf(true));
    const first = walk.next();
    await settle();
    http.sent[0].answer(page(1, 3));
    await first;
    const reason = new Error("hard stop");
    abort.abort(reason);
    expect(http.sent[1].options?.signal?.aborted).toBe(true);
    await expect(walk.next()).rejects.toBe(reason);
  });

  it("loop detection is unchanged: a next page already read is refused before anything is sent for it", async () => {
    const http = manualHttp();
    const walk = walkPages({ http }, walkOf(true));
    const first = walk.next();
    await settle();
    http.sent[0].answer({ items: [{ id: 1 }], next: `${BASE}/items?page=1` });
    await expect(first).rejects.toThrow(ConnectorError);
    await expect(first).rejects.toThrow(/pagination loop/);
    expect(http.sent).toHaveLength(1);
  });
});

describe("read-ahead in a sync (HTTP client, runner)", () => {
  const idle: Budget = { acquire: async () => undefined, observe: () => undefined, pause: () => undefined, onWait: () => () => undefined };
  let server: TestServer | undefined;
  let closeHttp: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeHttp?.();
    await server?.close();
    server = closeHttp = undefined;
  });

  const stream = (readAhead: boolean) =>
    defineRestStream({
      name: "items",
      url: (ctx) => `${ctx.baseUrl}/items`,
      paginator: () => nextUrlPaginator({ nextUrl: (body) => body.next }),
      records: "items",
      primaryKey: "id",
      schema: { type: "object" },
      incremental: { kind: "server", cursorField: "n", stateFormat: "unix", startParams: (start) => ({ since: String(start) }) },
      start: () => 0,
      readAhead,
    });

  let secondAsked: Promise<void> = Promise.resolve();

  /** Pages 1..3 of one record each; `hold` leaves a page's request unanswered (until the server closes). */
  async function serve(hold?: number): Promise<TestServer> {
    let asked: () => void = () => undefined;
    secondAsked = new Promise<void>((resolve) => (asked = resolve));
    server = await startTestServer((req, res) => {
      const n = Number(new URL(req.url!, "http://x").searchParams.get("page") ?? "1");
      if (n === 2) asked();
      if (n === hold) return;
      sendJson(res, 200, { items: [{ id: n, n: 1000 + n }], next: n < 3 ? `${server!.url}/items?page=${n + 1}` : null });
    });
    return server;
  }

  /** A sync of `items` with concurrency 1 whose soft stop fires while page 1 is written (after `until`). */
  async function syncStoppingAfterPage1(readAhead: boolean, until?: Promise<void>) {
    const http = createHttpClient({
      authenticator: { apply: async (r) => r },
      budget: idle,
      clock: new FakeClock({ autoAdvance: true }),
      logger: silentLogger,
      retry: { maxAttempts: 2, random: () => 0 },
    });
    closeHttp = http.close;
    const stop = new AbortController();
    const destination = new (class extends RecordingDestination {
      override async write(name: string, record: StreamRecord) {
        await super.write(name, record);
        await until;
        stop.abort(new Error("SIGINT received"));
      }
    })();
    const stateStore = new MemoryStateStore();
    const streams = [stream(readAhead)];
    const outcomes = await runStreams({
      streams: new Map(streams.map((s) => [s.spec.name, s])),
      catalog: defaultConfiguredCatalog(streams),
      states: {},
      destination,
      stateStore,
      sink: new CapturingSink(),
      connection: fakeConnection(http, server!.url),
      config: {},
      clock: fixedClock(),
      logger: silentLogger,
      concurrency: 1,
      stopSignal: stop.signal,
    });
    return { outcomes, destination, stateStore };
  }

  it("a soft stop after page 1 ends the stream with page 1 written and its state, though page 2 was already read", async () => {
    await serve();
    // The stop comes once page 2's request reached the server (its answer may or may not be back).
    const { outcomes, destination, stateStore } = await syncStoppingAfterPage1(true, secondAsked);
    expect(outcomes.map((o) => [o.stream, o.status, o.pages, o.records])).toEqual([["items", "stopped", 1, 1]]);
    expect(destination.records.items).toEqual([{ id: 1, n: 1001 }]);
    // State never passes a page that was not handed on.
    expect(stateStore.snapshot()).toEqual({ items: { n: "1001" } });
    expect(server!.requests.map((r) => new URL(r.url, "http://x").searchParams.get("page"))).toEqual([null, "2"]);
  });

  it("a soft stop does not wait for a page read ahead that never comes: its request is cancelled", async () => {
    await serve(2);
    const { outcomes, stateStore } = await syncStoppingAfterPage1(true, secondAsked);
    expect(outcomes.map((o) => [o.stream, o.status, o.pages])).toEqual([["items", "stopped", 1]]);
    expect(stateStore.snapshot()).toEqual({ items: { n: "1001" } });
  });

  it("without read-ahead the same soft stop sends no second request", async () => {
    await serve();
    const { outcomes } = await syncStoppingAfterPage1(false);
    expect(outcomes.map((o) => [o.stream, o.status, o.pages])).toEqual([["items", "stopped", 1]]);
    expect(server!.requests).toHaveLength(1);
  });

  it("a read to the end with read-ahead sends exactly one request per page", async () => {
    await serve();
    const http = createHttpClient({ authenticator: { apply: async (r) => r }, budget: idle, clock: new FakeClock({ autoAdvance: true }), logger: silentLogger });
    closeHttp = http.close;
    const ids: unknown[] = [];
    const ctx = { config: {}, mode: "incremental" as const, state: undefined, http, baseUrl: server!.url, logger: silentLogger, clock: fixedClock(), signal: new AbortController().signal, progress: { page: () => undefined } };
    for await (const p of stream(true).read(ctx)) ids.push(...p.records.map((r) => r.id));
    expect(ids).toEqual([1, 2, 3]);
    expect(server!.requests).toHaveLength(3);
  });
});
