#!/usr/bin/env node
// Peak RSS of `calabi sync --streams tickets,users` at several account sizes (rate limits on, with
// a 20 ms "minute", so the budget never holds the sync back).
// The simulator runs in its own child process (bench/simulator-server.mjs) so only the CLI's
// memory is measured: its VmHWM, sampled from /proc. Also reports the sync's wall time and the
// records written, as a check that the run read the whole account.
// Usage: node bench/memory.mjs [--tickets 100000,1000000]
//   CLI=/path/to/calabi.js runs another build (to compare before/after a change).
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeBenchConfig } from "./config.mjs";

const CLI = process.env.CLI || new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;
const SERVER = new URL("./simulator-server.mjs", import.meta.url).pathname;

/** Starts the simulator child; resolves with its URL and a stop function. */
export async function startSimulatorProcess(tickets, minuteMs = 20) {
  const child = spawn(process.execPath, [SERVER, "--tickets", String(tickets), "--minute-ms", String(minuteMs)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", (l) => resolve(JSON.parse(l)));
    child.once("exit", (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return {
    ...first,
    async stop() {
      child.stdin.write("exit\n");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Runs `calabi sync` as a child process and samples its peak RSS; resolves with seconds and MB. */
export async function syncPeak(baseUrl, streams, extraConfig = {}) {
  const dir = await mkdtemp(join(tmpdir(), "calabi-bench-mem-"));
  const config = join(dir, "config.json");
  const output = join(dir, "out");
  await writeBenchConfig(config, baseUrl, extraConfig);
  const started = performance.now();
  // CLI_NODE_ARGS: Node flags for the CLI alone (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = (process.env.CLI_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // Run as the `calabi` command runs: with the Node flags of the bin's shebang (see bin/heap.js).
  const child = spawn(process.execPath, [...(await startupFlags()), ...nodeArgs, CLI, "sync", "--config", config, "--output", output, "--streams", streams], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let peakKb = 0;
  let cpuTicks = 0;
  const sampler = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (hwm > peakKb) peakKb = hwm;
      // utime + stime (fields 14 and 15 of /proc/PID/stat, after the command name in parentheses).
      const stat = (await readFile(`/proc/${child.pid}/stat`, "utf8")).split(") ")[1].split(" ");
      cpuTicks = Math.max(cpuTicks, Number(stat[11]) + Number(stat[12]));
    } catch {}
  }, 20);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const records = {};
  for (const s of streams.split(",")) {
    records[s] = await countLines(join(output, `${s}.jsonl`));
  }
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`calabi sync exited ${code}:\n${stderr.slice(-2000)}`);
  // CPU seconds as last sampled (at most 20 ms before exit); clock ticks are 1/100 s on Linux.
  return { seconds, cpuSeconds: cpuTicks / 100, peakMb: peakKb / 1024, records, summary: stderr.trim().split("\n").slice(-8).join("\n") };
}

/** The Node flags in the CLI bin's shebang (`#!/usr/bin/env -S node <flags>`), as the command gets them. */
export async function startupFlags(cli = CLI) {
  const first = (await readFile(cli, "utf8")).split("\n")[0];
  const match = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return match ? match[1].split(" ").filter(Boolean) : [];
}

/** Newlines in a file, read in chunks (a 1,000,000-ticket file is larger than a string may be). */
async function countLines(path) {
  let n = 0;
  try {
    for await (const chunk of createReadStream(path)) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  } catch {
    return 0;
  }
  return n;
}

export async function memoryRows(sizes) {
  const rows = [];
  for (const tickets of sizes) {
    const sim = await startSimulatorProcess(tickets);
    try {
      const run = await syncPeak(sim.url, "tickets,users");
      rows.push({ tickets, users: sim.users, ...run });
      console.error(`memory: ${tickets} tickets: peak RSS ${run.peakMb.toFixed(0)} MB in ${run.seconds.toFixed(1)} s (${JSON.stringify(run.records)})\n${run.summary}`);
    } finally {
      await sim.stop();
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { tickets: { type: "string", default: "100000,1000000" } } });
  const rows = await memoryRows(values.tickets.split(",").map(Number));
  console.log("| tickets | users | peak RSS | sync time | records (tickets, users) |\n|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.tickets} | ${r.users} | ${r.peakMb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${r.records.tickets}, ${r.records.users} |`);
  const [a, b] = [rows[0], rows.at(-1)];
  if (rows.length > 1) console.log(`\nratio ${b.tickets}/${a.tickets} tickets: ${(b.peakMb / a.peakMb).toFixed(2)}`);
}
