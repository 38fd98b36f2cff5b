#!/usr/bin/env node
// Benchmarks of the connector against the Zendesk simulator, each measured in one run:
//  1. simulator serving speed (rate limits off): how fast a raw client can pull export pages;
//  2. a full sync with the real CLI vs a raw baseline client on the same simulated account and the
//     same (compressed) rate limits, vs the rate-limit bound; requests, 429s, retries, peak RSS;
//  3. peak RSS of the CLI at two account sizes (memory must stay flat in N);
//  4. peak RSS of `sync --streams tickets,users` at 100,000 and 1,000,000 tickets (bench/memory.mjs);
//  5. CPU: sync vs a plain fetch–parse–write loop over the same pages, three alternating runs
//     (bench/throughput.mjs): wall-time throughput ratio and, less sensitive to other load on the
//     machine, the ratio of CPU seconds;
//  6. soft stop: SIGINT / SIGTERM to exit while a sync waits on a rate limit (bench/soft-stop.mjs);
//  7. `calabi plan` against the whole-account first sync it plans (bench/plan-accuracy.mjs).
// Usage: node bench/run.mjs [--tickets 20000] [--minute-ms 1000] [--plan enterprise]
//                           [--memory-tickets 100000,1000000] [--throughput-tickets 100000]
//                           [--plan-tickets 5000] [--plan-minute-ms 10000]
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSimulator } from "@calabi/zendesk-simulator";
import { Pool } from "undici";
import { cpus, loadavg, totalmem } from "node:os";
import { memoryRows, startupFlags } from "./memory.mjs";
import { planAccuracy, planAccuracyRows } from "./plan-accuracy.mjs";
import { softStopSeconds } from "./soft-stop.mjs";
import { throughputRows } from "./throughput.mjs";
import { BENCH_AUTH, writeBenchConfig } from "./config.mjs";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "20000" },
    "minute-ms": { type: "string", default: "1000" },
    plan: { type: "string", default: "enterprise" },
    "memory-tickets": { type: "string", default: "100000,1000000" },
    "throughput-tickets": { type: "string", default: "100000" },
    "plan-tickets": { type: "string", default: "5000" },
    "plan-minute-ms": { type: "string", default: "10000" },
  },
});
const TICKETS = Number(values.tickets);
const MINUTE_MS = Number(values["minute-ms"]);
const PLAN = values.plan;
const CLI = new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;
// One fixed end of history, so every scenario sees the same account.
const ANCHOR = "2026-11-01T00:00:00Z";

/** The endpoints a sync of the five Support streams walks, as the connector first requests them. */
const FIRST_REQUESTS = (start) => [
  { stream: "tickets", path: `/api/v2/incremental/tickets/cursor.json?start_time=${start}`, next: (b) => (b.end_of_stream ? null : b.after_url) },
  { stream: "users", path: `/api/v2/incremental/users/cursor.json?start_time=${start}`, next: (b) => (b.end_of_stream ? null : b.after_url) },
  { stream: "organizations", path: `/api/v2/incremental/organizations.json?start_time=${start}`, next: (b) => (b.end_of_stream ? null : b.next_page) },
  { stream: "groups", path: `/api/v2/groups?exclude_deleted=false&per_page=100`, next: (b) => (b.groups?.length ? b.next_page : null) },
  { stream: "tags", path: `/api/v2/tags?page%5Bsize%5D=100`, next: (b) => (b.meta?.has_more ? b.links?.next : null) },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A raw client: undici Pool, follows next pages, waits Retry-After on 429; no auth refresh, no state, no output. */
async function rawWalk(baseUrl, { parse = true, streams } = {}) {
  const pool = new Pool(baseUrl, { connections: 4 });
  const start = Math.floor(Date.parse("2000-01-01T00:00:00Z") / 1000);
  let requests = 0;
  let records = 0;
  let bytes = 0;
  try {
    const walk = async ({ stream, path, next }) => {
      let url = path;
      while (url) {
        const u = new URL(url, baseUrl);
        const res = await pool.request({ path: u.pathname + u.search, method: "GET", headers: { authorization: BENCH_AUTH } });
        requests++;
        const text = await res.body.text();
        bytes += text.length;
        if (res.statusCode === 429) {
          await sleep(Number(res.headers["retry-after"] ?? 1) * 1000);
          continue;
        }
        if (res.statusCode !== 200) throw new Error(`${stream}: HTTP ${res.statusCode}`);
        if (!parse) {
          const m = /"after_url":"([^"]*)"/.exec(text);
          url = text.includes('"end_of_stream":true') || !m ? null : m[1];
          continue;
        }
        const body = JSON.parse(text);
        records += (body[stream] ?? []).length;
        url = next(body);
      }
    };
    // The same concurrency the connector uses by default (num_workers 3).
    const queue = [...FIRST_REQUESTS(start)].filter((r) => !streams || streams.includes(r.stream));
    await Promise.all(Array.from({ length: 3 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await walk(r);
    }));
  } finally {
    await pool.close();
  }
  return { requests, records, bytes };
}

/** Runs `calabi sync` as a child process; samples its peak RSS (VmHWM) from /proc. */
async function cliSync(baseUrl, output) {
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-"));
  const config = join(dir, "config.json");
  await writeBenchConfig(config, baseUrl);
  const started = performance.now();
  const child = spawn(process.execPath, [...(await startupFlags(CLI)), CLI, "sync", "--config", config, "--output", output, "--streams", "tickets,users,organizations,groups,tags"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let peakKb = 0;
  const sampler = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (hwm > peakKb) peakKb = hwm;
    } catch {}
  }, 20);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`calabi sync exited ${code}:\n${stderr}`);
  return { seconds, peakMb: peakKb / 1024 };
}

function classCounts(log) {
  const inc = log.filter((e) => e.path.startsWith("/api/v2/incremental/")).length;
  return { requests: log.length, incremental: inc, rateLimited: log.filter((e) => e.status === 429).length };
}

/** T_bound: the limiting class's requests at its rate (the first window's worth goes out at once). */
function boundSeconds(incrementalPages, perMinute) {
  return (Math.max(0, incrementalPages - perMinute) / perMinute) * (MINUTE_MS / 1000);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(" / ");

async function main() {
  const rows = [];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  const loadAtStart = load();
  console.error(`bench: ${TICKETS} tickets, plan ${PLAN}, rate-limit minute = ${MINUTE_MS} ms`);

  // 1. Serving speed, rate limits off.
  {
    const sim = await startSimulator({ seed: 1, tickets: TICKETS, anchor: ANCHOR, rateLimitDisabled: true });
    try {
      await rawWalk(sim.url, { parse: false, streams: ["tickets"] }); // warm-up
      const t0 = performance.now();
      const raw = await rawWalk(sim.url, { parse: false, streams: ["tickets"] });
      const s = (performance.now() - t0) / 1000;
      rows.push(["simulator serves the tickets export (no limits, body bytes only)", `${(raw.requests / s).toFixed(0)} pages/s`, `${(TICKETS / s).toFixed(0)} tickets/s`, `${(raw.bytes / s / 1e6).toFixed(1)} MB/s`]);
      const t1 = performance.now();
      const parsed = await rawWalk(sim.url, { parse: true, streams: ["tickets"] });
      const s1 = (performance.now() - t1) / 1000;
      rows.push(["raw client + JSON.parse on the same pages", `${(parsed.requests / s1).toFixed(0)} pages/s`, `${(parsed.records / s1).toFixed(0)} tickets/s`, ""]);
    } finally {
      await sim.close();
    }
  }

  // 2. Full sync: raw baseline vs the connector vs the bound, same account and limits.
  const simOptions = { seed: 1, tickets: TICKETS, anchor: ANCHOR, plan: PLAN, minuteMs: MINUTE_MS };
  let baseline;
  {
    const sim = await startSimulator(simOptions);
    try {
      const t0 = performance.now();
      const raw = await rawWalk(sim.url);
      baseline = { seconds: (performance.now() - t0) / 1000, ...raw, ...classCounts(sim.requests()) };
    } finally {
      await sim.close();
    }
  }
  let synced;
  const perMinute = (await startSimulator({ ...simOptions, tickets: 1 }).then(async (s) => {
    const limit = s.sim.rateLimiter?.limits?.incremental ?? 10;
    await s.close();
    return limit;
  }));
  {
    const sim = await startSimulator(simOptions);
    const output = await mkdtemp(join(tmpdir(), "calabi-bench-out-"));
    try {
      const run = await cliSync(sim.url, output);
      synced = { ...run, ...classCounts(sim.requests()) };
    } finally {
      await sim.close();
      await rm(output, { recursive: true, force: true });
    }
  }
  const bound = boundSeconds(baseline.incremental - baseline.rateLimited, perMinute);
  rows.push(["raw baseline: 5 streams, full history", `${baseline.seconds.toFixed(2)} s`, `${baseline.requests} requests, ${baseline.rateLimited} × 429`, `${baseline.records} records`]);
  rows.push(["calabi sync: 5 streams, full history", `${synced.seconds.toFixed(2)} s`, `${synced.requests} requests, ${synced.rateLimited} × 429`, `peak RSS ${synced.peakMb.toFixed(0)} MB`]);
  rows.push(["rate-limit bound (incremental class)", `${bound.toFixed(2)} s`, `${baseline.incremental - baseline.rateLimited} export pages at ${perMinute}/min`, ""]);
  rows.push(["ratios", `calabi / raw = ${(synced.seconds / baseline.seconds).toFixed(2)}`, `bound / calabi = ${(bound / synced.seconds).toFixed(2)}`, `429s: calabi ${synced.rateLimited}, raw ${baseline.rateLimited}`]);

  // 3. Memory flat in N: peak RSS at a quarter of the size.
  {
    const small = Math.max(1000, Math.floor(TICKETS / 4));
    const sim = await startSimulator({ ...simOptions, tickets: small });
    const output = await mkdtemp(join(tmpdir(), "calabi-bench-out-"));
    try {
      const run = await cliSync(sim.url, output);
      rows.push([`peak RSS of calabi sync at ${small} vs ${TICKETS} tickets`, `${run.peakMb.toFixed(0)} MB`, `${synced.peakMb.toFixed(0)} MB`, `ratio ${(synced.peakMb / run.peakMb).toFixed(2)}`]);
    } finally {
      await sim.close();
      await rm(output, { recursive: true, force: true });
    }
  }

  // 4–6: memory at scale, CPU against a plain loop, soft stop during a rate-limit wait.
  const memory = await memoryRows(values["memory-tickets"].split(",").map(Number));
  const [small, large] = [memory[0], memory.at(-1)];
  rows.push([`peak RSS of sync tickets,users at ${small.tickets} vs ${large.tickets} tickets`, `${small.peakMb.toFixed(0)} MB`, `${large.peakMb.toFixed(0)} MB`, `ratio ${(large.peakMb / small.peakMb).toFixed(2)}`]);
  const loadAfterMemory = load();
  const throughput = await throughputRows(Number(values["throughput-tickets"]), 3);
  for (const [i, t] of throughput.entries()) {
    rows.push([
      `CPU, run ${i + 1}: plain fetch–parse–write loop vs sync tickets,users (${values["throughput-tickets"]} tickets, no waits)`,
      `${t.plain.seconds.toFixed(1)} s (${t.plain.cpuSeconds.toFixed(1)} s CPU)`,
      `${t.sync.seconds.toFixed(1)} s (${t.sync.cpuSeconds.toFixed(1)} s CPU)`,
      `throughput ratio ${t.ratio.toFixed(2)}, CPU ratio ${t.cpuRatio.toFixed(2)}`,
    ]);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push(["CPU: median of the runs", "", "", `throughput ratio ${median(throughput.map((t) => t.ratio)).toFixed(2)}, CPU ratio ${median(throughput.map((t) => t.cpuRatio)).toFixed(2)}`]);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    const stop = await softStopSeconds(signal);
    rows.push([`${signal} while waiting on the rate limit`, `wait was ${(stop.waitMs / 1000).toFixed(0)} s`, `exit ${stop.code}`, `after ${stop.seconds.toFixed(2)} s`]);
  }

  rows.push(...planAccuracyRows(await planAccuracy({ tickets: Number(values["plan-tickets"]), minuteMs: Number(values["plan-minute-ms"]) })));

  rows.push(["machine", machine, `load average (1/5/15 min) at start ${loadAtStart}`, `after memory ${loadAfterMemory}, at end ${load()}`]);
  console.log(`| measure | | | |\n|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
