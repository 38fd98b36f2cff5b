import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";

describe("FakeClock", () => {
  it("starts at the given time and only moves when advanced", async () => {
    const clock = new FakeClock({ start: 1000 });
    expect(clock.now()).toBe(1000);
    await clock.advance(500);
    expect(clock.now()).toBe(1500);
  });

  it("fires sleeps in time order as time advances, each seeing its own time", async () => {
    const clock = new FakeClock({ start: 0 });
    const seen: string[] = [];
    void clock.sleep(300).then(() => seen.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => seen.push(`a@${clock.now()}`));
    void clock.sleep(300).then(() => seen.push(`c@${clock.now()}`));
    await clock.advance(99);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual(["a@100"]);
    await clock.advance(1000);
    expect(seen).toEqual(["a@100", "b@300", "c@300"]);
    expect(clock.now()).toBe(1100);
  });

  it("fires sleeps scheduled by continuations within the same advance", async () => {
    const clock = new FakeClock({ start: 0 });
    const times: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    })();
    await clock.advance(25);
    expect(times).toEqual([10, 20]);
    await clock.runAll();
    expect(times).toEqual([10, 20, 30]);
  });

  it("resolves non-positive sleeps immediately", async () => {
    const clock = new FakeClock();
    await clock.sleep(0);
    await clock.sleep(-5);
    expect(clock.pending).toBe(0);
  });

  it("rejects an aborted sleep with the signal's reason and forgets it", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    expect(clock.pending).toBe(0);
    await expect(clock.sleep(10, controller.signal)).rejects.toThrow("stop");
  });

  it("auto-advances through sleeping code without real waits", async () => {
    const clock = new FakeClock({ start: 0, autoAdvance: true });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await clock.sleep(60_000);
    expect(clock.now()).toBe(300_000);
    // Less than ONE of the simulated sleeps in real time: no sleep waited for real (a tighter
    // wall-clock bound would only measure the machine's load).
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("run() auto-advances concurrent sleepers deterministically", async () => {
    const clock = new FakeClock({ start: 0 });
    const order: string[] = [];
    await clock.run(() =>
      Promise.all([
        clock.sleep(30).then(() => order.push("30")),
        clock.sleep(10).then(() => order.push("10")),
        clock.sleep(20).then(() => order.push("20")),
      ]),
    );
    expect(order).toEqual(["10", "20", "30"]);
    expect(clock.now()).toBe(30);
  });

  it("runAll refuses to spin forever", async () => {
    const clock = new FakeClock();
    const loop = async () => {
      for (;;) await clock.sleep(1);
    };
    void loop();
    await expect(clock.runAll(50)).rejects.toThrow(/still busy/);
  });

  it("hold() keeps auto-advance still until released", async () => {
    const clock = new FakeClock({ start: 0, autoAdvance: true });
    const release = clock.hold();
    let woke = false;
    const sleeping = clock.sleep(1000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(0);
    release();
    release();
    await sleeping; // auto-advance resumes: the sleeper wakes (however long a loaded machine takes)
    expect(woke).toBe(true);
    expect(clock.now()).toBe(1000);
  });
});
