import { describe, expect, it } from "vitest";
import { call, withSim } from "../__tests__/helpers.js";
import { classify, formatSeconds } from "./rate-limit.js";

describe("rate limits", () => {
  it("classifies paths", () => {
    expect(classify("/api/v2/incremental/tickets/cursor")).toEqual(["account", "incremental"]);
    expect(classify("/api/v2/search/export")).toEqual(["account", "search_export"]);
    expect(classify("/api/v2/deleted_tickets")).toEqual(["account", "deleted_tickets"]);
    expect(classify("/api/v2/help_center/articles")).toEqual(["help_center"]);
    expect(classify("/api/v2/groups")).toEqual(["account"]);
  });

  it("formats durations in real seconds of the scaled window", () => {
    expect(formatSeconds(41_200, 60_000)).toBe("42");
    expect(formatSeconds(350, 1000)).toBe("0.35");
    expect(formatSeconds(0, 1000)).toBe("0.01");
  });

  it("sends account headers on every response and 429 + fractional Retry-After when over the plan budget", async () => {
    await withSim({ tickets: 5, plan: "team", minuteMs: 2000, rateLimitDisabled: false, rateLimits: { account: 3 } }, async (sim) => {
      const r1 = await call(sim.url, "/api/v2/groups");
      expect(r1.headers["x-rate-limit"]).toBe("3");
      expect(r1.headers["x-rate-limit-remaining"]).toBe("2");
      expect(r1.headers["ratelimit-limit"]).toBe("3");
      expect(r1.headers["ratelimit-remaining"]).toBe("2");
      expect(Number(r1.headers["ratelimit-reset"])).toBeLessThanOrEqual(2);
      await call(sim.url, "/api/v2/groups");
      await call(sim.url, "/api/v2/groups");
      const limited = await call(sim.url, "/api/v2/groups");
      expect(limited.status).toBe(429);
      const ra = Number(limited.headers["retry-after"]);
      expect(ra).toBeGreaterThan(0);
      expect(ra).toBeLessThanOrEqual(2);
      expect(sim.requests().at(-1)!.rateLimited).toBe(true);
      sim.advanceClock(2000);
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(200);
    });
  });

  it("incremental exports share 10 per window with their own header; 30 with high volume", async () => {
    await withSim({ tickets: 5, plan: "enterprise", minuteMs: 5000, rateLimitDisabled: false }, async (sim) => {
      const first = await call(sim.url, "/api/v2/incremental/tickets/cursor?start_time=0");
      expect(first.headers["zendesk-ratelimit-incremental-exports"]).toMatch(/^total=10; remaining=9; resets=[\d.]+$/);
      for (let i = 0; i < 9; i++) await call(sim.url, i % 2 ? "/api/v2/incremental/users/cursor?start_time=0" : "/api/v2/incremental/organizations?start_time=0");
      const limited = await call(sim.url, "/api/v2/incremental/tickets/cursor?start_time=0");
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ error: "APIRateLimitExceeded", description: "Number of allowed incremental export API requests per minute exceeded" });
      expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(5);
      // the account budget is separate
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(200);
    });
    await withSim({ tickets: 5, plan: "high_volume", rateLimitDisabled: false }, async (sim) => {
      const r = await call(sim.url, "/api/v2/incremental/tickets/cursor?start_time=0");
      expect(r.headers["zendesk-ratelimit-incremental-exports"]).toMatch(/^total=30; remaining=29;/);
      expect(r.headers["x-rate-limit"]).toBe("2500");
    });
  });
});
