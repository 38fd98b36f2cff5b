/**
 * Every Support stream names the rate class it waits on (`Stream.rateClass`, what the runner's
 * schedule orders by), and that class is the one its first sync really spends the most minutes of:
 * the requests the simulator received, over each class's requests per minute.
 */
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { rateClassCheck } from "@calabi/auth-zendesk/testing";
import type { RunningSimulator } from "@calabi/zendesk-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulator } from "../../test/harness.js";
import { supportStreams } from "./index.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await simulator({ tickets: 120 });
});
afterAll(() => sim.close());

describe("each stream's rate class is the one its first sync waits on", () => {
  it.each(supportStreams.map((s) => [s.spec.name, s] as const))("%s", async (name, stream) => {
    const check = await rateClassCheck(stream, sim);
    expect(Object.values(RATE_CLASS), `${name} names one of the source's classes`).toContain(check.declared);
    expect(check.slowest, `${name}: minutes per class ${JSON.stringify(check.minutes)}`).toContain(check.declared);
  });
});
