#!/usr/bin/env node
// How close `calabi plan` comes to the real thing: on one simulated account, `calabi plan --json`
// then, right after, a whole-account first sync (`calabi sync`, every stream that is not opt-in:
// all but tickets_search) into a temp dir; the plan's estimated_seconds against the sync's wall
// time (process start to exit), and the plan's requests per rate class against the requests the
// simulator logged for the sync. The simulator keeps Zendesk's limits (Enterprise: 700/min account
// and Help Center, 10/min incremental exports) with the minute compressed to --minute-ms, and the
// plan is told that window (--rate-window-seconds).
// Usage: node bench/plan-accuracy.mjs [--tickets 5000] [--minute-ms 10000] [--runs 1]
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { startSimulator } from "@calabi/zendesk-simulator";
import { writeBenchConfig } from "./config.mjs";

const CLI = process.env.CLI || new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;

function run(args) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolvePromise({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

/** The simulator's request log, counted per rate class the way the connector's budget sorts them. */
function perClass(requests) {
  const out = { account: 0, "help-center": 0, "incremental-exports": 0 };
  for (const r of requests) {
    const path = r.path.split("?")[0];
    if (/^\/api\/v2\/(help_center|community)(\/|\.json|$)/.test(path)) out["help-center"]++;
    else if (path.startsWith("/api/v2/")) out.account++;
    if (path.startsWith("/api/v2/incremental/")) out["incremental-exports"]++;
  }
  return out;
}

export async function planAccuracy({ tickets = 5000, minuteMs = 10_000 } = {}) {
  const sim = await startSimulator({ seed: 1, tickets, anchor: "2026-11-01T00:00:00Z", plan: "enterprise", minuteMs });
  // Incremental exports hide the last minute: move past it so the whole history is there to read.
  sim.advanceClock(120_000);
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-plan-"));
  try {
    const config = join(dir, "config.json");
    await writeBenchConfig(config, sim.url);
    const planned = await run(["plan", "--config", config, "--json", "--rate-window-seconds", String(minuteMs / 1000)]);
    if (planned.code !== 0) throw new Error(`calabi plan exited ${planned.code}:\n${planned.stderr}`);
    const plan = JSON.parse(planned.stdout);
    const before = sim.requests().length;
    const synced = await run(["sync", "--config", config, "--output", join(dir, "out")]);
    if (synced.code !== 0) throw new Error(`calabi sync exited ${synced.code}:\n${synced.stderr.split("\n").slice(-15).join("\n")}`);
    const actual = perClass(sim.requests().slice(before));
    const planRequests = Object.fromEntries(plan.classes.map((c) => [c.class, c.requests]));
    // The sync's summary table (stderr): seconds per stream, to set beside the plan's.
    const syncSeconds = Object.fromEntries(
      [...synced.stderr.matchAll(/^(\w+)\s+succeeded\s+[\d,]+\s+[\d,]+\s+([\d.]+)$/gm)].map((m) => [m[1], Number(m[2])]),
    );
    const slowest = plan.streams
      .filter((s) => s.seconds > 0)
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 4)
      .map((s) => ({ stream: s.stream, planned: s.seconds, actual: syncSeconds[s.stream] }));
    return {
      tickets,
      minuteMs,
      estimated: plan.estimated_seconds,
      actual: synced.seconds,
      ratio: plan.estimated_seconds / synced.seconds,
      planSeconds: planned.seconds,
      requestsMade: plan.requests_made,
      latencyMs: plan.latency_ms,
      slowest,
      streams: plan.streams.length,
      classes: Object.keys(actual).map((name) => ({ name, planned: planRequests[name] ?? 0, actual: actual[name] })),
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function planAccuracyRows(r) {
  return [
    [
      `calabi plan vs a whole-account first sync (${r.streams} streams, ${r.tickets.toLocaleString("en-US")} tickets, ${r.minuteMs / 1000} s minute)`,
      `plan ${r.estimated.toFixed(1)} s`,
      `sync ${r.actual.toFixed(1)} s`,
      `plan / actual = ${r.ratio.toFixed(2)}`,
    ],
    [
      "requests per rate class, planned / made by the sync",
      ...r.classes.map((c) => `${c.name} ${c.planned.toLocaleString("en-US")} / ${c.actual.toLocaleString("en-US")}`),
    ],
    ["slowest streams, planned / in the sync (s)", ...r.slowest.slice(0, 3).map((s) => `${s.stream} ${s.planned.toFixed(1)} / ${s.actual?.toFixed(1) ?? "?"}`)],
    ["the plan itself", `${r.planSeconds.toFixed(1)} s`, `${r.requestsMade} requests`, `${r.latencyMs} ms a request`],
  ];
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { tickets: { type: "string", default: "5000" }, "minute-ms": { type: "string", default: "10000" }, runs: { type: "string", default: "1" } } });
  console.log(`| measure | | | |\n|---|---|---|---|`);
  for (let i = 0; i < Number(values.runs); i++) {
    const r = await planAccuracy({ tickets: Number(values.tickets), minuteMs: Number(values["minute-ms"]) });
    for (const row of planAccuracyRows(r)) console.log(`| ${row.join(" | ")} |`);
  }
}
