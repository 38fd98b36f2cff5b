import { tempDir as sharedTempDir } from "@calabi/auth-zendesk/testing";
import { startSimulator, type RunningSimulator, type StartOptions } from "@calabi/zendesk-simulator";

export { ADDED, apiFields, configFor, lastState, latest, nonEmpty, readStream, type ReadResult } from "@calabi/auth-zendesk/testing";
export { fastClock } from "@calabi/auth-zendesk/testing";

/** A simulator on loopback with a fixed anchor (deterministic data) and a compressed minute. */
export function simulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ seed: 11, tickets: 30, minuteMs: 200, anchor: "2026-05-01T00:00:00Z", ...options });
}

export const tempDir = () => sharedTempDir("calabi-hc-");
