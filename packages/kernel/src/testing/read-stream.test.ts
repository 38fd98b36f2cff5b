/**
 * readStream / testConnection over a fixture server: a declarative stream read with a plain client
 * and through a source's connection, resumed from state, cut short, logs captured; and the
 * conformance kit driven by the same connection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { SourceDefinition } from "../contracts/source.js";
import type { Stream } from "../contracts/stream.js";
import { createRateBudget } from "../budget/rate-budget.js";
import { ConfigError, HttpFailure } from "../errors.js";
import { createHttpClient } from "../http/client.js";
import { linkHeaderPaginator } from "../pagination/generic.js";
import { defineRestStream } from "../streams/define-rest-stream.js";
import { checkStreamConformance } from "./conformance.js";
import { type FixtureServer, linkHeader, pageByNumber, startFixtureServer } from "./fixture-server.js";
import { lastCheckpoint, readStream, testConnection } from "./read-stream.js";

/** 25 widgets updated one day apart in 2026; widget 13 has a string where the schema says number. */
const WIDGETS = Array.from({ length: 25 }, (_, i) => ({
  id: i + 1,
  size: i === 12 ? "large" : i,
  updated_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().replace(".000Z", "Z"),
}));

/** Server-side incremental: `?since=` filters, sorted by updated_at, Link-header pages. */
const widgets = defineRestStream({
  name: "widgets",
  url: (ctx) => `${ctx.baseUrl}/v1/widgets`,
  paginator: () => linkHeaderPaginator({ first: { per_page: 10 } }),
  records: (body) => body,
  primaryKey: "id",
  schema: z.looseObject({ id: z.number(), size: z.number().nullish(), updated_at: z.string() }),
  incremental: { kind: "server", cursorField: "updated_at", stateFormat: "iso", startParams: (start) => ({ since: new Date(start * 1000).toISOString() }) },
  start: (ctx) => Math.floor(Date.parse(ctx.config.start_date ?? "2020-01-01T00:00:00Z") / 1000),
});

let server: FixtureServer;
let failNext = 0;
beforeAll(async () => {
  server = await startFixtureServer(
    {
      "GET /v1/widgets": (req) => {
        if (failNext > 0) {
          failNext--;
          return { status: 503, body: { message: "try again" } };
        }
        const since = Date.parse(req.query.get("since") ?? "1970-01-01T00:00:00Z");
        const page = pageByNumber(WIDGETS.filter((w) => Date.parse(w.updated_at) >= since), req);
        return { body: page.records, headers: page.next ? { link: linkHeader({ next: page.next, last: page.last }) } : {} };
      },
    },
    { authorize: (req) => (req.headers["x-api-key"] === undefined || req.headers["x-api-key"] === "k-123" ? undefined : { status: 401, body: { message: "bad key" } }) },
  );
});
afterAll(() => server.close());

describe("readStream with a plain kernel client", () => {
  it("reads every page and checkpoint, counts requests and captures the logs", async () => {
    const result = await readStream(widgets, { baseUrl: server.url, config: { start_date: "2020-01-01T00:00:00Z" } });
    expect(result.records.map((r) => r.id)).toEqual(WIDGETS.map((w) => w.id));
    expect(result.pages).toBe(3);
    expect(result.requests).toBe(3);
    expect(result.checkpoints).toHaveLength(3);
    expect(lastCheckpoint(result)).toEqual({ updated_at: "2026-01-25T00:00:00Z" });
    expect(result.warnings).toEqual([expect.stringMatching(/Schema drift in stream "widgets": field size/)]);
    expect(result.logs.some((l) => l.level === "warn")).toBe(true);
  });

  it("resumes from a state, and stops after the given number of pages", async () => {
    const resumed = await readStream(widgets, { baseUrl: server.url, state: { updated_at: "2026-01-20T00:00:00Z" } });
    expect(resumed.records.map((r) => r.id)).toEqual([20, 21, 22, 23, 24, 25]);
    const cut = await readStream(widgets, { baseUrl: server.url, stopAfterPages: 1 });
    expect(cut.records).toHaveLength(10);
    expect(cut.requests).toBe(1);
  });

  it("retries through the kernel's retry engine, and the retry is in the logs", async () => {
    failNext = 1;
    const result = await readStream(widgets, { baseUrl: server.url, http: { retry: { baseDelayMs: 1, maxDelayMs: 1 } } });
    expect(result.records).toHaveLength(25);
    expect(result.requests).toBe(4);
    expect(result.logs.map((l) => l.message).join("\n")).toMatch(/HTTP 503.*retrying/);
  });

  it("reads a hand-written stream the same way: its pages, deletions, checkpoints and log lines", async () => {
    const handWritten: Stream = {
      spec: { name: "by_hand", jsonSchema: { type: "object", properties: {} }, primaryKey: [["id"]], cursorField: ["updated_at"] },
      async *read(ctx) {
        const { body } = await ctx.http.getJson<typeof WIDGETS>(`${ctx.baseUrl}/v1/widgets?per_page=2&since=${String(ctx.state?.updated_at ?? "2026-01-24T00:00:00Z")}`);
        ctx.logger.warn("read by hand", { widgets: body.length });
        yield { records: body.slice(0, 1), deletions: [{ record: { id: 99 }, deletedAt: "2026-02-01T00:00:00Z" }], checkpoint: { updated_at: body[0]!.updated_at } };
        yield { records: body.slice(1), checkpoint: { updated_at: body[1]!.updated_at } };
      },
    };
    const result = await readStream(handWritten, { baseUrl: server.url, state: { updated_at: "2026-01-23T00:00:00Z" } });
    expect(result.records.map((r) => r.id)).toEqual([23, 24]);
    expect(result.deletions).toEqual([{ record: { id: 99 }, deletedAt: "2026-02-01T00:00:00Z" }]);
    expect(result.checkpoints).toEqual([{ updated_at: "2026-01-23T00:00:00Z" }, { updated_at: "2026-01-24T00:00:00Z" }]);
    expect(result.pages).toBe(2);
    expect(result.warnings).toEqual(["read by hand widgets=2"]);
  });

  it("throws what the stream throws", async () => {
    const broken = defineRestStream({ name: "broken", url: (ctx) => `${ctx.baseUrl}/v1/nothing`, paginator: () => linkHeaderPaginator(), records: "x", primaryKey: "id", schema: { type: "object", properties: {} }, start: () => 0 });
    await expect(readStream(broken, { baseUrl: server.url, http: { retry: { maxAttempts: 1 } } })).rejects.toBeInstanceOf(HttpFailure);
  });

  it("needs a base URL without a source", async () => {
    await expect(readStream(widgets)).rejects.toThrow(/give a source, or a baseUrl/);
  });
});

/** A minimal source: parses `api_key`, sends it as a header, reads `api_url`. */
const source: SourceDefinition = {
  name: "widgets-api",
  configSchema: z.object({ api_url: z.string(), api_key: z.string() }),
  spec: () => ({ connectionSpecification: {} }) as never,
  parseConfig(raw) {
    const parsed = z.object({ api_url: z.string(), api_key: z.string(), start_date: z.string().optional() }).safeParse(raw);
    if (!parsed.success) throw new ConfigError("the config needs api_url and api_key");
    return parsed.data;
  },
  async connect(config, env) {
    const budget = createRateBudget({ classes: [], clock: env.clock });
    const http = createHttpClient({ authenticator: { apply: async (r) => ({ ...r, headers: { ...r.headers, "x-api-key": config.api_key } }) }, budget, clock: env.clock, logger: env.logger, retry: { maxAttempts: 1 } });
    return { baseUrl: config.api_url, http, budget, check: async () => ({ ok: true }), stats: () => http.stats(), close: () => http.close() };
  },
};

describe("readStream and testConnection through a source", () => {
  it("parses the config and reads over the source's connection (its credentials reach the server)", async () => {
    const before = server.requests.length;
    const result = await readStream(widgets, { source, config: { api_url: server.url, api_key: "k-123" } });
    expect(result.records).toHaveLength(25);
    expect(server.requests.slice(before).every((r) => r.headers["x-api-key"] === "k-123")).toBe(true);
    await expect(readStream(widgets, { source, config: { api_url: server.url, api_key: "wrong" } })).rejects.toThrow(/HTTP 401/);
    await expect(readStream(widgets, { source, config: { api_url: server.url } })).rejects.toThrow(/needs api_url and api_key/);
  });

  it("one connection serves several reads and the conformance kit", async () => {
    const conn = await testConnection({ source, config: { api_url: `${server.url}/`, api_key: "k-123", start_date: "2026-01-05T00:00:00Z" } });
    try {
      expect(conn.baseUrl).toBe(server.url);
      expect(conn.context({ updated_at: "x" }).mode).toBe("incremental");
      expect(conn.context().mode).toBe("full_refresh");
      const first = await readStream(widgets, { connection: conn });
      expect(first.records[0]).toMatchObject({ id: 5 });
      const report = await checkStreamConformance(widgets, { context: (state) => conn.context(state) });
      expect(report.problems).toEqual([]);
      expect(report.checks["cut-and-resume"]).toBe("passed");
      expect(report.checks["resume-from-earlier-state"]).toBe("passed");
      expect(conn.requests()).toBeGreaterThan(first.requests);
    } finally {
      await conn.close();
    }
  });
});
