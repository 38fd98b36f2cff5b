#!/usr/bin/env node
// How long Ctrl-C takes to end a sync that is waiting on a rate limit: `calabi sync` against a
// simulator whose export class allows 2 requests per (60 s) minute, so the third export request
// waits ~60 s; SIGINT (or SIGTERM) is sent as soon as the CLI reports the wait, and the time from
// the signal to the process's exit is measured.
// Usage: node bench/soft-stop.mjs [--signal SIGINT] [--runs 2]
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { startSimulator } from "@calabi/zendesk-simulator";
import { writeBenchConfig } from "./config.mjs";

const CLI = process.env.CLI || new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;

export async function softStopSeconds(signal = "SIGINT") {
  const sim = await startSimulator({ seed: 1, tickets: 400, anchor: "2026-11-01T00:00:00Z", minuteMs: 60_000, rateLimits: { incremental: 2 } });
  sim.advanceClock(120_000);
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-stop-"));
  try {
    const config = join(dir, "config.json");
    await writeBenchConfig(config, sim.url);
    const child = spawn(process.execPath, [CLI, "sync", "--config", config, "--output", join(dir, "out"), "--streams", "tickets,users,organizations"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CALABI_PROGRESS_INTERVAL_MS: "100" },
    });
    let sentAt = 0;
    let waitMs = 0;
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      const m = /waiting (\d+)s on "incremental-exports"|Waiting ([\d.]+) s for the "incremental-exports"/.exec(chunk);
      if (!sentAt && m) {
        waitMs = Number(m[1] ?? m[2]) * 1000;
        sentAt = performance.now();
        child.kill(signal);
      }
    });
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    if (!sentAt) throw new Error(`the sync never waited on the rate limit (exit ${code})`);
    return { seconds: (performance.now() - sentAt) / 1000, code, waitMs };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { signal: { type: "string", default: "SIGINT" }, runs: { type: "string", default: "2" } } });
  for (let i = 0; i < Number(values.runs); i++) {
    const r = await softStopSeconds(values.signal);
    console.log(`${values.signal} during a ${(r.waitMs / 1000).toFixed(0)} s rate-limit wait: exit ${r.code} after ${r.seconds.toFixed(2)} s`);
  }
}
