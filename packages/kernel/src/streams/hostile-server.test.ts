/**
 * A broken server can make a sync fail, never lie or hang: malformed pages, stalled and trickling
 * bodies, endless retries and pagination loops, served by a small hostile server on loopback.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Budget } from "../contracts/budget.js";
import type { Page, ReadContext } from "../contracts/stream.js";
import { ConnectorError, HttpFailure } from "../errors.js";
import { createHttpClient, type HttpClientOptions } from "../http/client.js";
import { silentLogger } from "../logging/logger.js";
import { cursorParamPaginator, nextUrlPaginator, pageNumberPaginator, requireFields } from "../pagination/index.js";
import { FakeClock } from "../testing/fake-clock.js";
import { sendJson, startTestServer, type TestServer } from "../testing/loopback-server.js";
import { systemClock } from "../util/system-clock.js";
import { defineRestStream } from "./define-rest-stream.js";

const idle: Budget = { acquire: async () => undefined, observe: () => undefined, pause: () => undefined, onWait: () => () => undefined };
let server: TestServer | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  await server?.close();
  server = close = undefined;
});

function client(overrides: Partial<HttpClientOptions> = {}) {
  const http = createHttpClient({
    authenticator: { apply: async (r) => r },
    budget: idle,
    clock: new FakeClock({ autoAdvance: true }),
    logger: silentLogger,
    retry: { maxAttempts: 3, random: () => 0 },
    ...overrides,
  });
  close = http.close;
  return http;
}

const items = defineRestStream({
  name: "items",
  url: (ctx) => `${ctx.baseUrl}/items`,
  paginator: () => nextUrlPaginator({ nextUrl: (body) => body.next, validate: requireFields({ next: ["string", "null"] }) }),
  records: "items",
  primaryKey: "id",
  schema: { type: "object" },
  incremental: { kind: "server", cursorField: "n", stateFormat: "unix", startParams: (start) => ({ since: String(start) }) },
  start: () => 0,
});

function ctx(http: ReturnType<typeof client>, baseUrl: string): ReadContext {
  return { config: {}, mode: "incremental", state: undefined, http, baseUrl, logger: silentLogger, clock: systemClock, signal: new AbortController().signal, progress: { page: () => undefined } };
}

/** Reads a stream to its end or first error: the pages read, and the error. */
async function read(stream: typeof items, c: ReadContext): Promise<{ pages: Page[]; error?: Error }> {
  const pages: Page[] = [];
  try {
    for await (const page of stream.read(c)) pages.push(page);
    return { pages };
  } catch (error) {
    return { pages, error: error as Error };
  }
}

/** Page 1 is good and points at page 2, which the test serves. */
async function serveSecondPage(second: (res: ServerResponse) => void): Promise<TestServer> {
  server = await startTestServer((req, res) => {
    if (req.url!.includes("page=2")) return second(res);
    sendJson(res, 200, { items: [{ id: 1, n: 10 }], next: `${server!.url}/items?page=2` });
  });
  return server;
}

describe("malformed pages fail the stream; they are never read as empty", () => {
  it.each([
    ["the records field is not an array", { items: { id: 2 }, next: null }, /returned a malformed page: `items` is an object, not an array|with a malformed page: `items` is an object, not an array/],
    ["the body is null", null, /the body is null, not a JSON object/],
    ["the body is an empty array", [], /the body is an array, not a JSON object/],
    ["the body is a top-level array", [{ id: 2 }], /the body is an array, not a JSON object/],
    ["an element is not an object", { items: [{ id: 2 }, 7], next: null }, /element 1 of `items` is a number, not an object/],
    ["the records field is missing", { next: null }, /the records field `items` is missing/],
    ["the pagination field is missing", { items: [{ id: 2 }] }, /the pagination field `next` is missing/],
  ])("%s: retried, then a failure naming the URL; no checkpoint past page 1", async (_name, body, message) => {
    const s = await serveSecondPage((res) => sendJson(res, 200, body));
    const result = await read(items, ctx(client(), s.url));
    expect(result.error).toBeInstanceOf(HttpFailure);
    expect(result.error!.message).toMatch(/GET \/items failed 3 times/);
    expect(result.error!.message).toMatch(message);
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0].checkpoint).toEqual({ n: "10" });
    // Page 1 once, then page 2 three times: the malformed page was retried like a truncated body.
    expect(s.requests.map((r) => r.url.includes("page=2"))).toEqual([false, true, true, true]);
  });
});

describe("a bare array body (GitHub style)", () => {
  it("is read when the records selector is a function of the body; a key selector still refuses it", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, [{ id: 1 }, { id: 2 }]));
    const bare = defineRestStream({ name: "bare", url: (c) => `${c.baseUrl}/items`, paginator: () => pageNumberPaginator({ more: () => false }), records: (body) => body, primaryKey: "id", schema: { type: "object" }, start: () => 0 });
    const ok = await read(bare, ctx(client(), server.url));
    expect(ok.error).toBeUndefined();
    expect(ok.pages.flatMap((p) => p.records)).toEqual([{ id: 1 }, { id: 2 }]);
    const keyed = await read(defineRestStream({ ...{ name: "keyed", url: (c: ReadContext) => `${c.baseUrl}/items`, paginator: () => pageNumberPaginator({ more: () => false }), primaryKey: "id", schema: { type: "object" }, start: () => 0 }, records: "items" }), ctx(client(), server.url));
    expect(keyed.error?.message).toMatch(/the body is an array, not a JSON object/);
  });

  it("still fails when an element of the bare array is not an object", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, [{ id: 1 }, "two"]));
    const bare = defineRestStream({ name: "bare", url: (c) => `${c.baseUrl}/items`, paginator: () => pageNumberPaginator({ more: () => false }), records: (body) => body, primaryKey: "id", schema: { type: "object" }, start: () => 0 });
    const result = await read(bare, ctx(client(), server.url));
    expect(result.error?.message).toMatch(/element 1 of the records is a string, not an object/);
  });
});

describe("deadlines", () => {
  it("a body that stalls after its headers fails within the request deadline, named in the message", async () => {
    const s = await serveSecondPage((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"items": [');
    });
    const http = client({ deadlineMs: 200, timeoutMs: 60_000, retry: { maxAttempts: 2, random: () => 0 }, hints: { deadlineSetting: "request_timeout_seconds" } });
    const result = await read(items, ctx(http, s.url));
    expect(result.error!.message).toMatch(/GET \/items failed 2 times \(last: no complete response within the 0.2 s request deadline \(request_timeout_seconds\)\)/);
    expect(result.pages).toHaveLength(1);
  });

  it("a body that trickles a byte at a time (never idle) still ends at the deadline", async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await serveSecondPage((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      timers.push(setInterval(() => res.write(" "), 20));
    });
    const http = client({ deadlineMs: 250, timeoutMs: 100, retry: { maxAttempts: 1 } });
    const result = await read(items, ctx(http, s.url));
    timers.forEach(clearInterval);
    expect(result.error!.message).toMatch(/request deadline/);
  });

  it("the total time spent retrying one request is bounded, and named when passed", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 503, { error: "busy" }, { "retry-after": "100" }));
    const http = client({ retry: { maxAttempts: 100, maxRetryTimeMs: 250_000 } });
    const error = await http.send({ method: "GET", url: `${server.url}/items`, headers: {} }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(HttpFailure);
    expect((error as HttpFailure).failureType).toBe("transient_error");
    expect((error as Error).message).toMatch(/GET \/items failed 3 times in 200 s \(last: HTTP 503 \(transient server error\)\): waiting 100 s more would pass the 250 s allowed for retrying one request/);
    expect(server.requests).toHaveLength(3);
  });
});

describe("pagination loops fail after at most one repeat", () => {
  it("a next URL already read", async () => {
    server = await startTestServer((req, res) => sendJson(res, 200, { items: [{ id: req.url!.length, n: 1 }], next: `${server!.url}/items?page=${req.url!.includes("page=2") ? 1 : 2}` }));
    const result = await read(items, ctx(client(), server.url));
    expect(result.error).toBeInstanceOf(ConnectorError);
    expect(result.error!.message).toMatch(/items: pagination loop: after \/items the API pointed again at a page already read in this pass \(.*page=2/);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it("a cursor that does not advance", async () => {
    server = await startTestServer((req, res) => sendJson(res, 200, { items: [{ id: req.url!.length, n: 1 }], cursor: "C1" }));
    const stream = defineRestStream({ ...itemsDefinition(), paginator: () => cursorParamPaginator({ param: "cursor", cursor: (b) => b.cursor }) });
    const result = await read(stream, ctx(client(), server.url));
    expect(result.error!.message).toMatch(/pagination loop: .*cursor=C1/);
    expect(server.requests).toHaveLength(2);
  });

  it("an API that ignores its page parameter (the same page again)", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { items: [{ id: 1, n: 1 }, { id: 2, n: 2 }] }));
    const stream = defineRestStream({ ...itemsDefinition(), paginator: () => pageNumberPaginator({ sizeParam: "per_page", size: 2 }) });
    const result = await read(stream, ctx(client(), server.url));
    expect(result.error!.message).toMatch(/pagination loop: \/items answered with a page already read in this pass/);
    expect(server.requests).toHaveLength(2);
    expect(result.pages).toHaveLength(1);
  });
});

function itemsDefinition() {
  return {
    name: "items",
    url: (c: ReadContext) => `${c.baseUrl}/items`,
    paginator: () => nextUrlPaginator({ nextUrl: (body) => body.next }),
    records: "items",
    primaryKey: "id",
    schema: { type: "object" },
    start: () => 0,
  };
}
