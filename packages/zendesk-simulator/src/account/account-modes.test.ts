import { describe, expect, it } from "vitest";
import { withSim } from "../__tests__/helpers.js";
import { parseSimulatorArgs } from "../cli/command.js";
import { logNormalMs } from "../core/simulator.js";

describe("unknown subdomain", () => {
  it("answers every API request with Zendesk's 'No help desk' 404, and logs it", async () => {
    await withSim({ tickets: 10, subdomain: "nobody-here", unknownSubdomain: true }, async (sim, get) => {
      for (const path of ["/api/v2/tags?page%5Bsize%5D=1", "/api/v2/incremental/tickets/cursor.json?start_time=0", "/api/v2/users/me.json"]) {
        const reply = await get(path);
        expect(reply.status).toBe(404);
        expect(reply.body.error.title).toBe("No help desk at nobody-here.zendesk.com");
        expect(reply.body.error.message).toMatch(/^There is no help desk configured at this address/);
      }
      expect(sim.requests().map((r) => r.status)).toEqual([404, 404, 404]);
    });
  });

  it("is a command-line flag", () => {
    expect(parseSimulatorArgs(["--unknown-subdomain"]).unknownSubdomain).toBe(true);
    expect(parseSimulatorArgs(["--latency-ms", "120"]).latency).toEqual({ medianMs: 120 });
  });
});

describe("latency distribution", () => {
  it("is log-normal around the median and deterministic per (seed, request)", () => {
    const draws = Array.from({ length: 2000 }, (_, i) => logNormalMs(7, i, 100, 0.5));
    expect(draws).toEqual(Array.from({ length: 2000 }, (_, i) => logNormalMs(7, i, 100, 0.5)));
    const sorted = [...draws].sort((a, b) => a - b);
    const median = sorted[1000];
    expect(median).toBeGreaterThan(90);
    expect(median).toBeLessThan(110);
    // A right-skewed tail: the 95th percentile is well above the median (exp(1.645·0.5) ≈ 2.28×).
    expect(sorted[1900] / median).toBeGreaterThan(1.9);
    expect(sorted[1900] / median).toBeLessThan(2.7);
    expect(Math.min(...draws)).toBeGreaterThan(0);
  });

  it("delays responses when enabled", async () => {
    await withSim({ tickets: 5, latency: { medianMs: 40, sigma: 0.01 } }, async (_sim, get) => {
      const started = performance.now();
      await get("/api/v2/tags?page%5Bsize%5D=1");
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    });
  });
});
