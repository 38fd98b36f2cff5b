import { zendeskSource } from "@calabi/auth-zendesk";
import { type Connection, type ReadContext, silentLogger, systemClock } from "@calabi/kernel";
import { checkStreamConformance } from "@calabi/kernel/testing";
import type { RunningSimulator } from "@calabi/zendesk-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFor, simulator } from "../../test/harness.js";
import { communityStreams } from "./index.js";

// The kernel's conformance suite, as a third-party plugin would run it, over every Community stream.
describe("kernel conformance suite", () => {
  let sim: RunningSimulator;
  let connection: Connection;
  let config: ReturnType<typeof configFor>;
  beforeAll(async () => {
    sim = await simulator({});
    config = configFor(sim);
    connection = await zendeskSource.connect(config, { clock: systemClock, logger: silentLogger, persistConfig: async () => undefined });
  });
  afterAll(async () => {
    await connection.close();
    await sim.close();
  });

  const context = (state: Record<string, unknown> | undefined): ReadContext => ({
    config,
    mode: state ? "incremental" : "full_refresh",
    state,
    http: connection.http,
    baseUrl: connection.baseUrl,
    logger: silentLogger,
    clock: systemClock,
    signal: new AbortController().signal,
    progress: { page: () => undefined },
  });

  it.each(communityStreams.map((s) => [s.spec.name, s] as const))("%s", async (_name, stream) => {
    const report = await checkStreamConformance(stream, { context });
    expect(report.problems).toEqual([]);
    // The account has data for every stream, and every incremental stream is resumed.
    expect(report.checks["non-empty"]).toBe("passed");
    if (stream.spec.cursorField) expect(report.checks["resume-from-final-state"]).toMatch(/^passed/);
  });
});
