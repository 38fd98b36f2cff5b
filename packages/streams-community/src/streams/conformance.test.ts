import { RATE_CLASS } from "@calabi/auth-zendesk";
import { conformanceContext, rateClassCheck } from "@calabi/auth-zendesk/testing";
import type { RunningSimulator } from "@calabi/zendesk-simulator";
import type { ReadContext, StreamState } from "@calabi/kernel";
import { checkStreamConformance } from "@calabi/kernel/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulator } from "../../test/harness.js";
import { communityStreams } from "./index.js";

// The kernel's conformance suite, as a third-party plugin would run it, over every Community stream.
describe("kernel conformance suite", () => {
  let context: (state: StreamState | undefined) => ReadContext;
  let close: () => Promise<void>;
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({});
    const connected = await conformanceContext(sim);
    context = connected.context;
    close = async () => {
      await connected.close();
      await sim.close();
    };
  });
  afterAll(() => close());

  it.each(communityStreams.map((s) => [s.spec.name, s] as const))("%s", async (_name, stream) => {
    const report = await checkStreamConformance(stream, { context: (state) => context(state) });
    expect(report.problems).toEqual([]);
    // The account has data for every stream, and every incremental stream is resumed.
    expect(report.checks["non-empty"]).toBe("passed");
    if (stream.spec.cursorField) expect(report.checks["resume-from-final-state"]).toMatch(/^passed/);
  });

  // The runner schedules by the class a stream names: the one its reads spend the most minutes of.
  it.each(communityStreams.map((s) => [s.spec.name, s] as const))("%s names the rate class its reads wait on", async (_name, stream) => {
    const check = await rateClassCheck(stream, sim);
    expect(check.declared).toBe(RATE_CLASS.helpCenter);
    expect(check.slowest, JSON.stringify(check.minutes)).toContain(check.declared);
  });
});
