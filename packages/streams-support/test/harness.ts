/**
 * The Support streams' tests read through `@calabi/auth-zendesk/testing` (the one stream-reading
 * harness, shared with the Help Center and Community plugins); only this package's simulator
 * defaults live here.
 */
import { startSimulator, type RunningSimulator, type StartOptions } from "@calabi/zendesk-simulator";

export { compare, configFor, dedupe, fastClock, ids, lastState, nonEmpty, readStream, type ReadResult } from "@calabi/auth-zendesk/testing";

/** Starts the simulator on a loopback port with a compressed rate-limit minute. */
export function simulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ seed: 7, tickets: 300, minuteMs: 200, ...options });
}
