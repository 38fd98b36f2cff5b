import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Authenticator } from "../contracts/authenticator.js";
import type { Budget } from "../contracts/budget.js";
import type { HttpRequest } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import { HttpFailure, SkipError } from "../errors.js";
import { FakeClock } from "../testing/fake-clock.js";
import { redactor } from "../util/redactor.js";
import { createHttpClient, factorBackoff, type HttpClientOptions } from "./client.js";
import { retryOn } from "./rules.js";
import { sendJson, startTestServer, type TestServer } from "../testing/loopback-server.js";

const SECRET = "tok-9f8e7d6c5b4a-very-secret";
redactor.register(SECRET);

let server: TestServer | undefined;
let closeClient: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeClient?.();
  await server?.close();
  server = undefined;
  closeClient = undefined;
});

function recordingBudget() {
  const calls = { acquire: 0, observe: [] as number[], pause: [] as number[] };
  const budget: Budget = {
    acquire: async () => {
      calls.acquire++;
    },
    observe: (_req, res) => void calls.observe.push(res.status),
    pause: (_req, ms) => void calls.pause.push(ms),
    onWait: () => () => {},
  };
  return { budget, calls };
}

function collectingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const logger: Logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  return { logger, lines };
}

const bearer = (token = SECRET): Authenticator => ({
  apply: async (req) => ({ ...req, headers: { ...req.headers, Authorization: `Bearer ${token}` } }),
});

function setup(overrides: Partial<HttpClientOptions> = {}) {
  const clock = new FakeClock({ autoAdvance: true });
  const { budget, calls } = recordingBudget();
  const { logger, lines } = collectingLogger();
  const client = createHttpClient({
    authenticator: bearer(),
    budget,
    clock,
    logger,
    retry: { random: () => 0.5, ...overrides.retry },
    ...overrides,
  });
  closeClient = () => client.close();
  return { client, clock, calls, lines };
}

const get = (url: string): HttpRequest => ({ method: "GET", url, headers: {} });

async function serve(handle: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  server = await startTestServer(handle);
  return server;
}

describe("createHttpClient", () => {
  it("refuses a response above maxResponseBytes (declared, streamed or decompressed) instead of holding it; not retried", async () => {
    const big = JSON.stringify({ tickets: [{ id: 1, text: "x".repeat(5000) }] });
    const s = await serve((req, res) => {
      if (req.url === "/declared") return sendJson(res, 200, JSON.parse(big));
      if (req.url === "/chunked") {
        res.writeHead(200, { "content-type": "application/json" });
        for (let i = 0; i < 10; i++) res.write(big.slice(i * 600, (i + 1) * 600));
        return res.end(big.slice(6000));
      }
      const body = gzipSync(big);
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
      res.end(body);
    });
    const { client } = setup({ maxResponseBytes: 2000, hints: { maxResponseSetting: "max_response_mb" } });
    for (const path of ["/declared", "/chunked", "/gzip"]) {
      const error = await client.getJson(`${s.url}${path}`).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(HttpFailure);
      expect((error as Error).message).toMatch(/the response body is larger than 0 MiB \(max_response_mb\) .*refused rather than held in memory/);
    }
    expect(s.requests).toHaveLength(3);
  });

  it("takes the in-flight slot after the budget granted the request and frees it once the response is read", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    const order: string[] = [];
    const budget: Budget = { acquire: async () => void order.push("budget"), observe: () => void order.push("observe"), pause: () => {}, onWait: () => () => {} };
    const { client } = setup({ budget });
    const inFlight = { acquire: async () => (order.push("slot"), () => void order.push("release")) };
    await client.send(get(`${s.url}/x`), { inFlight });
    expect(order).toEqual(["budget", "slot", "release", "observe"]);
  });

  it("returns a successful response with lower-case headers, text and json()", async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { tickets: [{ id: 1 }] }, { "X-Rate-Limit": "700" }));
    const { client, calls } = setup();
    const res = await client.send(get(`${s.url}/v1/tickets.json?page%5Bsize%5D=100`));
    expect(res.status).toBe(200);
    expect(res.headers["x-rate-limit"]).toBe("700");
    expect(res.json()).toEqual({ tickets: [{ id: 1 }] });
    expect(res.text).toBe('{"tickets":[{"id":1}]}');
    expect(s.requests[0].url).toBe("/v1/tickets.json?page%5Bsize%5D=100");
    expect(s.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(s.requests[0].headers["user-agent"]).toMatch(/calabi/);
    expect(calls).toMatchObject({ acquire: 1, observe: [200] });
    expect(client.stats()).toEqual({ requests: 1, retries: 0, rateLimitWaits: 0 });
  });

  it("reuses keep-alive connections to one origin", async () => {
    const ports = new Set<number>();
    const s = await serve((req, res) => {
      ports.add(req.socket.remotePort!);
      sendJson(res, 200, {});
    });
    const { client } = setup({ connectionsPerOrigin: 1 });
    for (let i = 0; i < 5; i++) await client.send(get(`${s.url}/x`));
    expect(ports.size).toBe(1);
  });

  it("decodes gzip bodies", async () => {
    const s = await serve((_req, res) => {
      const body = gzipSync(JSON.stringify({ ok: true }));
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": body.length });
      res.end(body);
    });
    const { client } = setup();
    const { body } = await client.getJson<{ ok: boolean }>(`${s.url}/x`);
    expect(body.ok).toBe(true);
    expect(s.requests[0].headers["accept-encoding"]).toContain("gzip");
  });

  it.each([
    ["0.25", 250],
    ["1.5", 1500],
    ["3", 3000],
  ])("honours Retry-After %s on 429 through the budget and the clock", async (header, ms) => {
    const s = await serve((_req, res, n) =>
      n === 0 ? sendJson(res, 429, { error: "APIRateLimitExceeded" }, { "retry-after": header }) : sendJson(res, 200, { ok: 1 }),
    );
    const { client, clock, calls } = setup();
    const start = clock.now();
    const res = await client.send(get(`${s.url}/v1/incremental/tickets/cursor.json`));
    expect(res.status).toBe(200);
    expect(clock.now() - start).toBe(ms);
    expect(calls.pause).toEqual([ms]);
    expect(calls.acquire).toBe(2);
    expect(client.stats()).toEqual({ requests: 2, retries: 0, rateLimitWaits: 1 });
  });

  it("waits 60 s on a 429 without Retry-After", async () => {
    const s = await serve((_req, res, n) => (n === 0 ? res.writeHead(429).end("slow down") : sendJson(res, 200, {})));
    const { client, clock } = setup();
    const start = clock.now();
    await client.send(get(`${s.url}/x`));
    expect(clock.now() - start).toBe(60_000);
  });

  describe("waitSignal (the runner's soft stop)", () => {
    it("aborts a Retry-After wait at once, with the signal's reason", async () => {
      const s = await serve((_req, res) => res.writeHead(429, { "retry-after": "3600" }).end());
      const clock = new FakeClock();
      const { client } = setup({ clock });
      const stop = new AbortController();
      const reason = new Error("SIGINT received");
      const sent = client.send(get(`${s.url}/x`), { waitSignal: stop.signal });
      while (clock.pending === 0) await new Promise((r) => setTimeout(r, 1));
      stop.abort(reason);
      await expect(sent).rejects.toBe(reason);
      expect(s.requests).toHaveLength(1);
      expect(clock.pending).toBe(0);
    });

    it("aborts a budget wait before anything is sent", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, {}));
      let waiting = false;
      const budget: Budget = {
        acquire: (_req, signal) =>
          new Promise((_resolve, reject) => {
            waiting = true;
            signal?.addEventListener("abort", () => reject(signal.reason));
          }),
        observe: () => undefined,
        pause: () => undefined,
        onWait: () => () => {},
      };
      const { client } = setup({ budget });
      const stop = new AbortController();
      const sent = client.send(get(`${s.url}/x`), { waitSignal: stop.signal, signal: new AbortController().signal });
      while (!waiting) await new Promise((r) => setTimeout(r, 1));
      stop.abort(new Error("SIGTERM received"));
      await expect(sent).rejects.toThrow("SIGTERM received");
      expect(s.requests).toHaveLength(0);
    });

    it("never aborts a request in flight", async () => {
      const stop = new AbortController();
      const s = await serve((_req, res) => {
        stop.abort(new Error("SIGINT received"));
        setTimeout(() => sendJson(res, 200, { ok: true }), 20);
      });
      const { client } = setup();
      const response = await client.send(get(`${s.url}/x`), { waitSignal: stop.signal });
      expect(response.status).toBe(200);
      expect(stop.signal.aborted).toBe(true);
    });
  });

  it("fails after a generous number of 429s", async () => {
    const s = await serve((_req, res) => res.writeHead(429, { "retry-after": "1" }).end());
    const { client } = setup({ retry: { maxRateLimitWaits: 5 } });
    const err = await client.send(get(`${s.url}/v1/users`)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("transient_error");
    expect(s.requests).toHaveLength(6);
  });

  it("does not count 429 waits against maxAttempts", async () => {
    const s = await serve((_req, res, n) => (n < 4 ? res.writeHead(429, { "retry-after": "1" }).end() : sendJson(res, 200, {})));
    const { client } = setup({ retry: { maxAttempts: 2 } });
    expect((await client.send(get(`${s.url}/x`))).status).toBe(200);
    expect(client.stats()).toEqual({ requests: 5, retries: 0, rateLimitWaits: 4 });
  });

  it("sends concurrent requests over several keep-alive connections", async () => {
    const sockets = new Set<number>();
    let open = 0;
    let maxOpen = 0;
    const s = await serve((req, res) => {
      sockets.add(req.socket.remotePort!);
      open++;
      maxOpen = Math.max(maxOpen, open);
      setTimeout(() => {
        open--;
        sendJson(res, 200, {});
      }, 10);
    });
    const { client } = setup({ connectionsPerOrigin: 3 });
    await Promise.all(Array.from({ length: 9 }, () => client.send(get(`${s.url}/x`))));
    expect(maxOpen).toBe(3);
    expect(sockets.size).toBe(3);
  });

  it("retries 5xx with exponential backoff and full jitter, then succeeds", async () => {
    const s = await serve((_req, res, n) => (n < 3 ? sendJson(res, n === 1 ? 502 : 503, { error: "unavailable" }) : sendJson(res, 200, { ok: 1 })));
    const { client, clock, lines } = setup();
    const start = clock.now();
    const res = await client.send(get(`${s.url}/v1/groups`));
    expect(res.status).toBe(200);
    // random() = 0.5 → 0.5 × 1000, 0.5 × 2000, 0.5 × 4000
    expect(clock.now() - start).toBe(500 + 1000 + 2000);
    expect(client.stats()).toEqual({ requests: 4, retries: 3, rateLimitWaits: 0 });
    expect(lines.filter((l) => l.startsWith("warn"))).toHaveLength(3);
    expect(lines[0]).toMatch(/GET \/v1\/groups: HTTP 503.*retrying in 0\.50 s \(attempt 2 of 8\)/);
  });

  it("uses Retry-After on a retryable status when present", async () => {
    const s = await serve((_req, res, n) => (n === 0 ? res.writeHead(503, { "retry-after": "7" }).end() : sendJson(res, 200, {})));
    const { client, clock } = setup();
    const start = clock.now();
    await client.send(get(`${s.url}/x`));
    expect(clock.now() - start).toBe(7000);
  });

  it("caps the backoff at maxDelayMs", async () => {
    const s = await serve((_req, res, n) => (n < 4 ? res.writeHead(500).end() : sendJson(res, 200, {})));
    const { client, clock } = setup({ retry: { random: () => 0.999, baseDelayMs: 1000, maxDelayMs: 2500 } });
    const start = clock.now();
    await client.send(get(`${s.url}/x`));
    expect(clock.now() - start).toBe(999 + 1998 + 2498 + 2498);
  });

  describe("a rule's own backoff (retryOn … backoff factor)", () => {
    const upstreamTimeout = retryOn([504], { reason: "upstream timeout", backoff: { factorMs: 10_000 } });

    it("waits factor × 2^n before retry n, without jitter, on the clock", async () => {
      const s = await serve((_req, res, n) => (n < 4 ? res.writeHead(504, { "content-type": "text/plain" }).end("upstream request timeout") : sendJson(res, 200, { ok: 1 })));
      const { client, clock, lines } = setup({ retry: { random: () => 0.999 } });
      const waits: number[] = [];
      const sleep = clock.sleep.bind(clock);
      clock.sleep = (ms, signal) => (waits.push(ms), sleep(ms, signal));
      const start = clock.now();
      const res = await client.send(get(`${s.url}/v1/incremental/ticket_events.json`), { rules: [upstreamTimeout] });
      expect(res.status).toBe(200);
      // Airbyte's ExponentialBackoffStrategy(factor=10): 10 × 2^1, 10 × 2^2, … seconds; the jitter source is not used.
      expect(waits).toEqual([20_000, 40_000, 80_000, 160_000]);
      expect(clock.now() - start).toBe(300_000);
      expect(lines.filter((l) => l.startsWith("warn")).map((l) => /retrying in (\S+ s)/.exec(l)?.[1])).toEqual(["20 s", "40 s", "80 s", "160 s"]);
      expect(client.stats()).toMatchObject({ requests: 5, retries: 4 });
    });

    it("other statuses keep the client's jittered backoff", async () => {
      const s = await serve((_req, res, n) => (n === 0 ? res.writeHead(503).end() : sendJson(res, 200, {})));
      const { client, clock } = setup();
      const start = clock.now();
      await client.send(get(`${s.url}/x`), { rules: [upstreamTimeout] });
      expect(clock.now() - start).toBe(500);
    });

    it("Retry-After still comes first", async () => {
      const s = await serve((_req, res, n) => (n === 0 ? res.writeHead(504, { "retry-after": "3" }).end() : sendJson(res, 200, {})));
      const { client, clock } = setup();
      const start = clock.now();
      await client.send(get(`${s.url}/x`), { rules: [upstreamTimeout] });
      expect(clock.now() - start).toBe(3000);
    });

    it("caps single waits at maxDelayMs and gives up after its maxAttempts", async () => {
      const s = await serve((_req, res) => res.writeHead(504).end("upstream request timeout"));
      const { client, clock } = setup();
      const waits: number[] = [];
      const sleep = clock.sleep.bind(clock);
      clock.sleep = (ms, signal) => (waits.push(ms), sleep(ms, signal));
      const rule = retryOn([504], { reason: "upstream timeout", backoff: { factorMs: 10_000, maxAttempts: 5, maxDelayMs: 60_000 } });
      const err = await client.send(get(`${s.url}/v1/incremental/ticket_events.json`), { rules: [rule] }).catch((e) => e);
      expect(err).toBeInstanceOf(HttpFailure);
      expect(err).toMatchObject({ failureType: "transient_error", status: 504 });
      expect(err.message).toMatch(/failed 5 times \(last: HTTP 504 \(upstream timeout\)\)/);
      expect(waits).toEqual([20_000, 40_000, 60_000, 60_000]);
      expect(s.requests).toHaveLength(5);
    });

    it("a request's own maxAttempts wins over the rule's", async () => {
      const s = await serve((_req, res) => res.writeHead(504).end());
      const { client } = setup();
      const rule = retryOn([504], { reason: "upstream timeout", backoff: { factorMs: 10_000, maxAttempts: 6 } });
      await expect(client.send(get(`${s.url}/x`), { rules: [rule], maxAttempts: 2 })).rejects.toThrow(HttpFailure);
      expect(s.requests).toHaveLength(2);
    });

    it("factorBackoff is factor × 2^n", () => {
      expect([1, 2, 3, 4, 5].map((n) => factorBackoff({ factorMs: 10_000 }, n))).toEqual([20_000, 40_000, 80_000, 160_000, 320_000]);
      expect(factorBackoff({ factorMs: 5_000, maxDelayMs: 30_000 }, 3)).toBe(30_000);
    });
  });

  it("throws a transient HttpFailure when retries are exhausted", async () => {
    const s = await serve((_req, res) => sendJson(res, 500, { status: 500, error: "Internal Server Error" }));
    const { client } = setup({ retry: { maxAttempts: 3 } });
    const err = await client.send(get(`${s.url}/v1/tickets.json?page%5Bafter%5D=abc`)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("transient_error");
    expect(err.status).toBe(500);
    expect(err.path).toBe("/v1/tickets.json");
    expect(err.message).toMatch(/^GET \/v1\/tickets\.json failed 3 times \(last: HTTP 500/);
    expect(err.message).not.toContain("page");
    expect(s.requests).toHaveLength(3);
  });

  it("retries when the server resets the connection mid-request", async () => {
    const s = await serve((req, res, n) => (n === 0 ? req.socket.destroy() : sendJson(res, 200, { ok: true })));
    const { client } = setup();
    const res = await client.send(get(`${s.url}/x`));
    expect(res.json()).toEqual({ ok: true });
    expect(s.requests).toHaveLength(2);
    expect(client.stats().retries).toBe(1);
  });

  it("retries a body shorter than its Content-Length", async () => {
    const s = await serve((req, res, n) => {
      if (n === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"tickets":[{"id":1},');
        setTimeout(() => req.socket.destroy(), 5);
      } else sendJson(res, 200, { tickets: [] });
    });
    const { client } = setup();
    const res = await client.send(get(`${s.url}/x`));
    expect(res.json()).toEqual({ tickets: [] });
    expect(s.requests).toHaveLength(2);
  });

  it("retries a chunked response cut mid-JSON", async () => {
    const s = await serve((req, res, n) => {
      if (n === 0) {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"tickets":[{"id":1},{"id"');
        setTimeout(() => req.socket.destroy(), 5);
      } else sendJson(res, 200, { tickets: [{ id: 1 }] });
    });
    const { client } = setup();
    const { body } = await client.getJson(`${s.url}/x`);
    expect(body).toEqual({ tickets: [{ id: 1 }] });
    expect(s.requests).toHaveLength(2);
  });

  it("retries a complete response whose JSON is invalid", async () => {
    const s = await serve((_req, res, n) => {
      res.writeHead(200, { "content-type": n === 0 ? "application/json" : "text/plain" });
      res.end(n < 2 ? '{"tickets":[' : '{"tickets":[]}');
    });
    const { client } = setup();
    const { body } = await client.getJson(`${s.url}/x`);
    expect(body).toEqual({ tickets: [] });
    expect(s.requests).toHaveLength(3);
  });

  it("json() throws TruncatedBodyError on a non-JSON success body when the caller parses it", async () => {
    const s = await serve((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>"));
    const { client } = setup();
    const res = await client.send(get(`${s.url}/x`));
    expect(() => res.json()).toThrow(/not valid JSON/);
  });

  it("retries a response that times out", async () => {
    // undici checks timeouts on a coarse timer, so this costs up to about a second of real time.
    const s = await serve((_req, res, n) => {
      if (n > 0) sendJson(res, 200, { ok: true });
    });
    const { client, lines } = setup({ timeoutMs: 50 });
    const res = await client.send(get(`${s.url}/v1/incremental/tickets/cursor.json`));
    expect(res.json()).toEqual({ ok: true });
    expect(lines[0]).toMatch(/GET \/v1\/incremental\/tickets\/cursor\.json: .*[Tt]imeout.*retrying/);
  });

  it("retries refused connections, then fails with a transient error", async () => {
    const s = await serve(() => {});
    const url = s.url;
    await s.close();
    server = undefined;
    const { client, lines } = setup({ retry: { maxAttempts: 2 } });
    const err = await client.send(get(`${url}/v1/tickets`)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("transient_error");
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(lines.some((l) => /retrying/.test(l))).toBe(true);
  });

  it("fails fast with a plain message when the host does not resolve", async () => {
    const { client } = setup();
    const err = await client.send(get("https://no-such-host.invalid/v1/tickets")).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("config_error");
    expect(err.message).toBe(
      "could not resolve host no-such-host.invalid (GET /v1/tickets): check the host name and your network",
    );
    expect(client.stats().retries).toBe(0);
  });

  it("refreshes the credentials once on refresh_auth, then retries with the new token", async () => {
    let token = "access-1-aaaaaaaa";
    const refresh = vi.fn(async () => {
      token = "access-2-bbbbbbbb";
    });
    const authenticator: Authenticator = {
      apply: async (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } }),
      refresh,
    };
    const s = await serve((req, res) =>
      req.headers.authorization === "Bearer access-2-bbbbbbbb"
        ? sendJson(res, 200, { ok: 1 })
        : sendJson(res, 401, { error: "invalid_token", error_description: "expired" }),
    );
    const invalidToken = (r: { status: number; text: string }) =>
      r.status === 401 && r.text.includes("invalid_token") ? ({ action: "refresh_auth", reason: "invalid_token" } as const) : undefined;
    const { client } = setup({ authenticator, rules: [invalidToken] });
    const res = await client.send(get(`${s.url}/v1/tickets`));
    expect(res.status).toBe(200);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.requests).toHaveLength(2);
  });

  it("fails as config_error on a second refresh_auth verdict without refreshing again", async () => {
    const refresh = vi.fn(async () => {});
    const s = await serve((_req, res) => sendJson(res, 401, { error: "invalid_token" }));
    const { client } = setup({
      authenticator: { ...bearer(), refresh },
      rules: [(r) => (r.status === 401 ? { action: "refresh_auth", reason: "invalid_token" } : undefined)],
    });
    const err = await client.send(get(`${s.url}/v1/tickets`)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("config_error");
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/again after refreshing/);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.requests).toHaveLength(2);
  });

  it("fails fast as config_error when the credentials cannot be refreshed", async () => {
    const s = await serve((_req, res) => sendJson(res, 401, { error: "Couldn't authenticate you" }));
    const { client } = setup({ rules: [(r) => (r.status === 401 ? { action: "refresh_auth", reason: "401" } : undefined)] });
    const err = await client.send(get(`${s.url}/v1/tickets`)).catch((e) => e);
    expect(err.failureType).toBe("config_error");
    expect(s.requests).toHaveLength(1);
  });

  it("throws SkipError on a skip verdict", async () => {
    const s = await serve((_req, res) => sendJson(res, 403, { error: { title: "Forbidden", message: "You do not have access to this page." } }));
    const { client } = setup({
      rules: [(r) => (r.text.includes("You do not have access") ? { action: "skip", scope: "stream", message: "no access; skipping" } : undefined)],
    });
    const err = await client.send(get(`${s.url}/v1/account/attributes`)).catch((e) => e);
    expect(err).toBeInstanceOf(SkipError);
    expect(err).toMatchObject({ scope: "stream", status: 403, message: "no access; skipping (GET /v1/account/attributes returned HTTP 403)" });
  });

  it("consults request rules before connection rules", async () => {
    const s = await serve((_req, res) => res.writeHead(404, { "content-type": "application/json" }).end('{"error":"RecordNotFound"}'));
    const { client } = setup({
      rules: [(r) => (r.status === 404 ? { action: "fail", failureType: "config_error", message: "connection rule" } : undefined)],
    });
    const skipped = await client
      .send(get(`${s.url}/v1/tickets/1/metrics`), {
        rules: [(r) => (r.status === 404 ? { action: "skip", scope: "partition", message: "deleted ticket" } : undefined)],
      })
      .catch((e) => e);
    expect(skipped).toBeInstanceOf(SkipError);
    const failed = await client.send(get(`${s.url}/v1/ticket_forms`)).catch((e) => e);
    expect(failed).toMatchObject({ failureType: "config_error", message: "connection rule (GET /v1/ticket_forms returned HTTP 404)", status: 404 });
  });

  it("a rule that throws does not match", async () => {
    const s = await serve((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>"));
    const { client } = setup({ rules: [(r) => (r.json() ? { action: "fail", failureType: "system_error", message: "x" } : undefined)] });
    expect((await client.send(get(`${s.url}/x`))).status).toBe(200);
  });

  it("fails other statuses as system_error naming method, path and status", async () => {
    const s = await serve((_req, res) => sendJson(res, 400, { error: "TooManyValues" }));
    const { client } = setup();
    const err = await client.send(get(`${s.url}/v1/users/show_many.json?ids=1,2`)).catch((e) => e);
    expect(err).toBeInstanceOf(HttpFailure);
    expect(err.failureType).toBe("system_error");
    expect(err.message).toMatch(/^GET \/v1\/users\/show_many\.json returned HTTP 400: .*TooManyValues/);
  });

  it("never puts a registered secret into any thrown message", async () => {
    // The server echoes the credentials back in its error bodies, the worst case.
    const s = await serve((req, res, n) => {
      const echo = { error: "bad", auth: req.headers.authorization, raw: SECRET };
      if (n === 0) sendJson(res, 400, echo);
      else if (n === 1) sendJson(res, 403, echo);
      else sendJson(res, 500, echo);
    });
    const { client, lines } = setup({
      retry: { maxAttempts: 2 },
      rules: [(r) => (r.status === 403 ? { action: "skip", scope: "stream", message: `skip: ${r.text}` } : undefined)],
    });
    const messages: string[] = [];
    for (let i = 0; i < 3; i++) {
      const err = await client.send(get(`${s.url}/v1/x?token=${SECRET}`)).catch((e: Error) => e);
      messages.push(String(err), (err as Error).message);
    }
    const dns = (await client.send(get(`https://${SECRET}.invalid/x`)).catch((e: Error) => e)) as Error;
    messages.push(dns.message);
    expect(messages.join("\n")).toMatch(/400[\s\S]*skip[\s\S]*500/);
    for (const m of [...messages, ...lines]) {
      expect(m).not.toContain(SECRET);
      expect(m).not.toContain(Buffer.from(SECRET).toString("base64"));
    }
  });

  it("honours an abort signal while waiting to retry", async () => {
    const s = await serve((_req, res) => res.writeHead(503).end());
    const clock = new FakeClock();
    const { budget } = recordingBudget();
    const client = createHttpClient({ authenticator: bearer(), budget, clock, logger: collectingLogger().logger });
    closeClient = () => client.close();
    const controller = new AbortController();
    const pending = client.send(get(`${s.url}/x`), { signal: controller.signal }).catch((e) => e);
    while (clock.pending === 0) await new Promise((r) => setTimeout(r, 2));
    controller.abort(new Error("stop now"));
    expect((await pending).message).toBe("stop now");
  });

  it("honours an abort signal during a slow response", async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const { client } = setup();
    const controller = new AbortController();
    const pending = client.send(get(`${s.url}/x`), { signal: controller.signal }).catch((e) => e);
    setTimeout(() => controller.abort(new Error("cancelled")), 10);
    expect((await pending).message).toBe("cancelled");
    expect(client.stats().retries).toBe(0);
  });
});
