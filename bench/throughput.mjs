#!/usr/bin/env node
// CPU: `calabi sync --streams tickets,users` against a plain fetch–parse–write loop over the same
// pages, both against one simulator process (rate limits kept but with a 20 ms "minute", so neither
// waits), in one run. The plain loop: an undici Pool, JSON.parse of each page, one JSON line per
// record appended to a file per stream, one fsync at the end — no auth, budget, schema checks,
// state or dedup. Throughput ratio = plain seconds / sync seconds (1.0 = as fast as the loop).
// Usage: node bench/throughput.mjs [--tickets 100000] [--runs 2]
import { createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import { startSimulatorProcess, syncPeak } from "./memory.mjs";
import { BENCH_AUTH } from "./config.mjs";

const START = Math.floor(Date.parse("2000-01-01T00:00:00Z") / 1000);

export async function plainLoop(baseUrl) {
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-plain-"));
  const pool = new Pool(baseUrl, { connections: 4 });
  let records = 0;
  const walk = async (stream, first) => {
    const path = join(dir, `${stream}.jsonl`);
    const out = createWriteStream(path);
    let url = first;
    while (url) {
      const u = new URL(url, baseUrl);
      const res = await pool.request({ path: u.pathname + u.search, method: "GET", headers: { authorization: BENCH_AUTH, "accept-encoding": "identity" } });
      const text = await res.body.text();
      if (res.statusCode === 429) {
        await new Promise((r) => setTimeout(r, Number(res.headers["retry-after"] ?? 1) * 1000));
        continue;
      }
      if (res.statusCode !== 200) throw new Error(`${stream}: HTTP ${res.statusCode}`);
      const body = JSON.parse(text);
      let chunk = "";
      for (const r of body[stream]) chunk += JSON.stringify(r) + "\n";
      records += body[stream].length;
      if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
      url = body.end_of_stream ? null : body.after_url;
    }
    await new Promise((r) => out.end(r));
    const h = await open(path, "r");
    await h.sync();
    await h.close();
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    await Promise.all([
      walk("tickets", `/api/v2/incremental/tickets/cursor.json?exclude_deleted=true&start_time=${START}`),
      walk("users", `/api/v2/incremental/users/cursor.json?start_time=${START}`),
    ]);
    const cpu = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, records };
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function throughputRows(tickets, runs = 2) {
  const sim = await startSimulatorProcess(tickets);
  const rows = [];
  try {
    await plainLoop(sim.url); // warm-up (the simulator's caches)
    for (let i = 0; i < runs; i++) {
      const plain = await plainLoop(sim.url);
      const sync = await syncPeak(sim.url, "tickets,users");
      rows.push({ plain, sync, ratio: plain.seconds / sync.seconds, cpuRatio: plain.cpuSeconds / sync.cpuSeconds });
      console.error(
        `throughput: plain ${plain.seconds.toFixed(1)} s, ${plain.cpuSeconds.toFixed(1)} s CPU (${plain.records} records); ` +
          `sync ${sync.seconds.toFixed(1)} s, ${sync.cpuSeconds.toFixed(1)} s CPU; ratio ${(plain.seconds / sync.seconds).toFixed(2)}, CPU ratio ${(plain.cpuSeconds / sync.cpuSeconds).toFixed(2)}`,
      );
    }
  } finally {
    await sim.stop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { tickets: { type: "string", default: "100000" }, runs: { type: "string", default: "2" } } });
  const rows = await throughputRows(Number(values.tickets), Number(values.runs));
  console.log("| run | plain loop | calabi sync | throughput ratio (plain / sync) | CPU ratio |\n|---|---|---|---|---|");
  rows.forEach((r, i) =>
    console.log(`| ${i + 1} | ${r.plain.seconds.toFixed(1)} s (${r.plain.cpuSeconds.toFixed(1)} s CPU) | ${r.sync.seconds.toFixed(1)} s (${r.sync.cpuSeconds.toFixed(1)} s CPU) | ${r.ratio.toFixed(2)} | ${r.cpuRatio.toFixed(2)} |`),
  );
}
