import { describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import { call, withSim, BASIC } from "../__tests__/helpers.js";
import { FaultInjector } from "./faults.js";

describe("faults", () => {
  it("random faults are deterministic for a seed", () => {
    const a = new FaultInjector(42, { rate: 0.3 });
    const b = new FaultInjector(42, { rate: 0.3 });
    const seqA = Array.from({ length: 200 }, () => a.decide("/api/v2/groups")?.kind ?? "-");
    const seqB = Array.from({ length: 200 }, () => b.decide("/api/v2/groups")?.kind ?? "-");
    expect(seqA).toEqual(seqB);
    const hits = seqA.filter((k) => k !== "-").length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(100);
  });

  it("random decisions do not depend on how requests interleave", () => {
    const paths = Array.from({ length: 40 }, (_, i) => `/api/v2/x?page=${i % 8}`);
    const perPath = (order: string[]) => {
      const f = new FaultInjector(7, { rate: 0.4 });
      const out = new Map<string, string[]>();
      for (const p of order) out.set(p, [...(out.get(p) ?? []), f.decide(p)?.kind ?? "-"]);
      return out;
    };
    const a = perPath(paths);
    const b = perPath(paths.slice().reverse());
    for (const p of new Set(paths)) expect(b.get(p)).toEqual(a.get(p));
  });

  it("scripted HTTP faults: 429, 500, 502, 503 with Retry-After, 504 plain text; control endpoints never faulted", async () => {
    await withSim({ tickets: 5, minuteMs: 1000, faults: { script: ["429", "500", "502", "503", "504"] } }, async (sim) => {
      const health = await call(sim.url, "/__sim/health");
      expect(health.status).toBe(200);
      const r429 = await call(sim.url, "/api/v2/groups");
      expect(r429.status).toBe(429);
      expect(r429.headers["retry-after"]).toBe("0.02");
      expect((await call(sim.url, "/api/v2/groups")).body).toEqual({ status: 500, error: "Internal Server Error" });
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(502);
      const r503 = await call(sim.url, "/api/v2/groups");
      expect(r503.status).toBe(503);
      expect(r503.headers["retry-after"]).toBeDefined();
      const r504 = await call(sim.url, "/api/v2/groups");
      expect(r504.status).toBe(504);
      expect(r504.text).toBe("upstream request timeout");
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(200);
      expect(sim.requests().map((r) => r.fault)).toEqual(["429", "500", "502", "503", "504", null]);
    });
  });

  it("script entries can target a path and repeat", async () => {
    await withSim({ tickets: 5, faults: { script: [{ kind: "500", path: "/incremental/", times: 2 }] } }, async (sim) => {
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(200);
      expect((await call(sim.url, "/api/v2/incremental/users/cursor?start_time=0")).status).toBe(500);
      expect((await call(sim.url, "/api/v2/incremental/users/cursor?start_time=0")).status).toBe(500);
      expect((await call(sim.url, "/api/v2/incremental/users/cursor?start_time=0")).status).toBe(200);
    });
  });

  it("connection reset and truncated bodies break the transfer without changing state", async () => {
    await withSim({ tickets: 50, faults: { script: ["reset", "truncate", "truncate-chunked"] } }, async (sim) => {
      const agent = new Agent({ pipelining: 0 });
      const get = async () => {
        const res = await request(`${sim.url}/api/v2/incremental/tickets/cursor?start_time=0`, { headers: { authorization: BASIC }, dispatcher: agent });
        return res.body.text();
      };
      await expect(get()).rejects.toThrow();
      await expect(get()).rejects.toThrow();
      await expect(get()).rejects.toThrow();
      const ok = JSON.parse(await get());
      expect(ok.tickets).toHaveLength(50);
      expect(sim.requests().map((r) => r.fault)).toEqual(["reset", "truncate", "truncate-chunked", null]);
      expect(sim.requests().map((r) => r.status)).toEqual([0, 200, 200, 200]);
      await agent.close();
    });
  });

  it("a reset on POST /oauth/tokens does not rotate the refresh token", async () => {
    await withSim({ tickets: 5, credentials: { oauthClients: [{ clientId: "c", refreshToken: "r0" }] }, faults: { script: [{ kind: "truncate", path: "/oauth/tokens" }] } }, async (sim) => {
      const body = JSON.stringify({ grant_type: "refresh_token", refresh_token: "r0", client_id: "c" });
      await expect(call(sim.url, "/oauth/tokens", { method: "POST", headers: { "content-type": "application/json" }, body })).rejects.toThrow();
      const ok = await call(sim.url, "/oauth/tokens", { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(ok.status).toBe(201);
    });
  });

  it("slow responses are delayed", async () => {
    await withSim({ tickets: 5, faults: { script: [{ kind: "slow", delayMs: 30 }] } }, async (sim) => {
      const t0 = Date.now();
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    });
  });
});
