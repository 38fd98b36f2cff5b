import { describe, expect, it } from "vitest";
import { systemClock } from "./system-clock.js";

describe("systemClock", () => {
  it("reads Date.now()", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("sleeps for real", async () => {
    const start = performance.now();
    await systemClock.sleep(5);
    expect(performance.now() - start).toBeGreaterThanOrEqual(4);
  });

  it("rejects with the abort reason, immediately when already aborted", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error("bye"));
    await expect(sleeping).rejects.toThrow("bye");
    await expect(systemClock.sleep(10, controller.signal)).rejects.toThrow("bye");
  });

  it("uses an AbortError when the signal has no reason", async () => {
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    await expect(systemClock.sleep(10, signal)).rejects.toMatchObject({ name: "AbortError" });
  });
});
