/**
 * `sync` takes its services from the run's container: a caller (or a plugin) that registers its
 * own state store, destination, clock and logger sees them used instead of the command's files.
 */
import { PassThrough } from "node:stream";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CLOCK, createKernelContainer, createLogger, DESTINATION, LOGGER, MemoryStateStore, STATE_STORE, type Destination, type StreamRecord } from "@calabi/kernel";
import { FakeClock } from "@calabi/kernel/testing";
import { describe, expect, it } from "vitest";
import { syncCommand } from "../src/commands/sync.js";
import { Runtime } from "../src/runtime.js";
import { FAKE_PLUGINS, tempDir, writeJson } from "./helpers.js";

class MemoryDestination implements Destination {
  readonly records: Record<string, StreamRecord[]> = {};
  async open() {}
  async write(stream: string, record: StreamRecord) {
    (this.records[stream] ??= []).push(record);
  }
  async flush() {}
  async endStream() {}
  async close() {}
}

describe("sync resolves its services from the container", () => {
  it("a registered state store, destination, clock and logger replace the command's own", async () => {
    const dir = await tempDir("calabi-container-");
    const config = await writeJson(join(dir, "config.json"), { subdomain: "acme", api_token: "container-secret" });
    const container = createKernelContainer();
    const states = new MemoryStateStore({ alpha: { page: "1" } });
    const destination = new MemoryDestination();
    const logged: string[] = [];
    container.register(STATE_STORE, { useValue: states });
    container.register(DESTINATION, { useValue: destination });
    container.register(CLOCK, { useValue: new FakeClock({ autoAdvance: true }) });
    container.register(LOGGER, { useValue: createLogger((_level, line) => logged.push(line), "info") });

    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (d) => (err += d));
    const rt = new Runtime({ logLevel: "info", plugins: FAKE_PLUGINS }, new PassThrough(), stderr);
    const code = await syncCommand(rt, { config, output: join(dir, "out") }, container);

    expect(code).toBe(0);
    // Resumed from the registered store's state (page 1), and saved into it.
    expect(destination.records.alpha.map((r) => r.id)).toEqual([3, 4, 5, 6]);
    expect(states.snapshot().alpha).toEqual({ page: "3" });
    expect(destination.records.beta).toHaveLength(6);
    // Nothing went to the command's own files, and its logs went to the registered logger.
    expect(existsSync(join(dir, "out", "state.json"))).toBe(false);
    expect(existsSync(join(dir, "out", "alpha.jsonl"))).toBe(false);
    expect(logged).toContain("alpha done pages=3");
    expect(err).toMatch(/alpha\s+succeeded\s+4/);
  });
});
