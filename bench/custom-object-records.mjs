#!/usr/bin/env node
// custom_object_records keeps memory flat: peak RSS of `calabi sync --streams custom_object_records`
// at two sizes of one custom object (default 20,000 and 200,000 records), against the simulator with
// rate limits off (and a 100 ms minute, so the client's own budget does not pace it). Each export
// page (≤1000 records) is written and checkpointed as it arrives, so the peak must not grow with
// the number of records.
// Usage: node bench/custom-object-records.mjs [--small 20000] [--large 200000]
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { extensionsFor, startSimulator } from "@calabi/zendesk-simulator";
import { writeBenchConfig } from "./config.mjs";

const { values } = parseArgs({ options: { small: { type: "string", default: "20000" }, large: { type: "string", default: "200000" } } });
const CLI = new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;

/** Runs the sync as a child process, sampling its peak RSS (VmHWM) from /proc. */
async function syncRecords(baseUrl) {
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-co-"));
  const config = join(dir, "config.json");
  await writeBenchConfig(config, baseUrl);
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "sync", "--config", config, "--output", join(dir, "out"), "--streams", "custom_object_records"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let peakKb = 0;
  const sampler = setInterval(async () => {
    try {
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
      if (hwm > peakKb) peakKb = hwm;
    } catch {}
  }, 20);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const lines = (await readFile(join(dir, "out", "custom_object_records.jsonl"), "utf8")).split("\n").filter(Boolean).length;
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`calabi sync exited ${code}:\n${stderr}`);
  return { seconds, peakMb: peakKb / 1024, lines };
}

async function run(extra) {
  const sim = await startSimulator({ seed: 7, tickets: 200, rateLimitDisabled: true, minuteMs: 100, anchor: "2026-11-01T00:00:00Z" });
  try {
    const store = extensionsFor(sim.sim).customObjects;
    for (let i = 0; i < extra; i++) store.createRecord("device", { name: `Bulk ${i}` });
    sim.advanceClock(120_000);
    const expected = sim.groundTruth("custom_object_records").length;
    const result = await syncRecords(sim.url);
    if (result.lines !== expected) throw new Error(`wrote ${result.lines} records, the ground truth has ${expected}`);
    const pages = sim.requests().filter((r) => r.path.includes("/incremental/custom_objects/")).length;
    return { ...result, records: expected, pages };
  } finally {
    await sim.close();
  }
}

const small = await run(Number(values.small));
const large = await run(Number(values.large));
for (const r of [small, large]) {
  console.log(`custom_object_records: ${r.records} records, ${r.pages} export pages, ${r.seconds.toFixed(2)} s, peak RSS ${r.peakMb.toFixed(0)} MB`);
}
console.log(`peak RSS ratio (large / small, ${(large.records / small.records).toFixed(1)}× the records): ${(large.peakMb / small.peakMb).toFixed(2)}`);
