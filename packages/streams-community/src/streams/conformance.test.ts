import { conformanceContext } from "@calabi/auth-zendesk/testing";
import type { ReadContext, StreamState } from "@calabi/kernel";
import { checkStreamConformance } from "@calabi/kernel/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulator } from "../../test/harness.js";
import { communityStreams } from "./index.js";

// The kernel's conformance suite, as a third-party plugin would run it, over every Community stream.
describe("kernel conformance suite", () => {
  let context: (state: StreamState | undefined) => ReadContext;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const sim = await simulator({});
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
});
