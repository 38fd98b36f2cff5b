#!/usr/bin/env node
// First sync of the analytics selection (issue #13): tickets, users, organizations, ticket_comments,
// ticket_metrics, ticket_audits, groups — before (a build of another git ref, `main` by default)
// and after (this worktree's build), against one simulator process (20,000 tickets, Enterprise, the
// one-minute rate-limit window compressed to 1 s), in one run. Reports per run the wall time,
// requests per rate class, 429s, and whether the two runs wrote the same records (per stream, as
// sets of canonical JSON records), plus the ratio after / before.
// Usage: node bench/first-sync.mjs [--tickets 20000] [--minute-ms 1000] [--runs 1]
//          [--before-cli /path/to/apps/cli/bin/calabi.js | --before-ref main]
//   Without --before-cli, the ref is exported (`git archive`) into a temporary directory, installed
//   offline from the pnpm store and built (a few minutes); the directory is removed afterwards.
import { execFileSync, spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeBenchConfig } from "./config.mjs";

export const ANALYTICS = ["tickets", "users", "organizations", "ticket_comments", "ticket_metrics", "ticket_audits", "groups"];
const AFTER_CLI = new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;
const SERVER = new URL("./simulator-server.mjs", import.meta.url).pathname;
const REPO = new URL("..", import.meta.url).pathname;

/** The simulator child with a line-based control channel (stats, requests, exit). */
async function startSimulator(tickets, minuteMs) {
  const child = spawn(process.execPath, [SERVER, "--tickets", String(tickets), "--minute-ms", String(minuteMs)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const first = await next();
  return {
    ...first,
    async requests() {
      child.stdin.write("requests\n");
      return next();
    },
    async stop() {
      child.stdin.write("exit\n");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Builds `ref` in a temporary directory; resolves with its CLI and a cleanup. */
function buildRef(ref) {
  const dir = execFileSync("mktemp", ["-d", join(tmpdir(), "calabi-bench-before-XXXXXX")], { encoding: "utf8" }).trim();
  console.error(`first-sync: building ${ref} in ${dir} (offline install + turbo build of the CLI)…`);
  execFileSync("sh", ["-c", `git -C "${REPO}" archive "${ref}" | tar -x -C "${dir}"`], { stdio: "inherit" });
  execFileSync("pnpm", ["install", "--offline", "--frozen-lockfile"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@calabi/cli...", "--output-logs=errors-only"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  return { cli: join(dir, "apps/cli/bin/calabi.js"), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** One `calabi sync` of the selection into a fresh directory; the CLI finds the plugins of its own tree. */
async function sync(cli, baseUrl, dir) {
  const config = join(dir, "config.json");
  const output = join(dir, "out");
  await writeBenchConfig(config, baseUrl);
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "sync", "--config", config, "--output", output, "--streams", ANALYTICS.join(",")], {
    cwd: dirname(dirname(cli)),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise((r) => child.on("exit", r));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${cli} sync exited ${code}:\n${stderr.slice(-3000)}`);
  return { seconds, output, summary: stderr.trim().split("\n").slice(-12).join("\n") };
}

/**
 * Fields the connector adds to a stream's API records, left out of the comparison: ticket_metrics'
 * cursor is `unix(updated_at)` on Airbyte's bulk first-sync path (builds before the archive-safe
 * route) and the parent ticket's `generated_timestamp` (which the record then carries) on the
 * export path; the API fields must be the same.
 */
const ADDED_FIELDS = { ticket_metrics: ["_ab_updated_at", "generated_timestamp"] };

/** A stream's records as a sorted list of canonical JSON strings (keys sorted at every level). */
async function canonicalRecords(file, stream) {
  const canonical = (v) =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;
  const added = ADDED_FIELDS[stream] ?? [];
  const out = [];
  try {
    for await (const line of createInterface({ input: createReadStream(file) })) {
      if (!line) continue;
      const record = JSON.parse(line);
      for (const field of added) delete record[field];
      out.push(JSON.stringify(canonical(record)));
    }
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  return out.sort();
}

async function compareOutputs(a, b) {
  const rows = [];
  for (const stream of ANALYTICS) {
    const [x, y] = await Promise.all([canonicalRecords(join(a, `${stream}.jsonl`), stream), canonicalRecords(join(b, `${stream}.jsonl`), stream)]);
    const identical = x.length === y.length && x.every((r, i) => r === y[i]);
    rows.push({ stream, before: x.length, after: y.length, identical });
  }
  return rows;
}

export async function firstSyncRows({ tickets = 20000, minuteMs = 1000, runs = 1, beforeCli, beforeRef = "main" } = {}) {
  const built = beforeCli ? undefined : buildRef(beforeRef);
  const before = beforeCli ?? built.cli;
  const sim = await startSimulator(tickets, minuteMs);
  const results = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const dirs = { before: await mkdtemp(join(tmpdir(), "calabi-fs-before-")), after: await mkdtemp(join(tmpdir(), "calabi-fs-after-")) };
      const row = { run, load: [loadavg()[0]] };
      for (const [name, cli] of [["before", before], ["after", AFTER_CLI]]) {
        await new Promise((r) => setTimeout(r, 2 * minuteMs)); // every rate window has reset
        await sim.requests(); // reset the request count
        const result = await sync(cli, sim.url, dirs[name]);
        const requests = await sim.requests();
        row[name] = { seconds: result.seconds, requests, output: result.output, state: JSON.parse(await readFile(join(result.output, "state.json"), "utf8")) };
        console.error(`first-sync run ${run} ${name}: ${result.seconds.toFixed(1)} s, ${requests.total} requests ${JSON.stringify(requests.byClass)}, 429: ${requests.byStatus[429] ?? 0}`);
      }
      row.load.push(loadavg()[0]);
      row.compare = await compareOutputs(row.before.output, row.after.output);
      row.ratio = row.after.seconds / row.before.seconds;
      row.stateStreams = (row.after.state ?? []).map((s) => s.stream_descriptor?.name ?? s.stream?.stream_descriptor?.name).filter(Boolean).sort();
      results.push(row);
      for (const d of Object.values(dirs)) await rm(d, { recursive: true, force: true });
    }
  } finally {
    await sim.stop();
    await built?.cleanup();
  }
  return results;
}

export function firstSyncTable(rows) {
  const lines = ["| run | before | after | after / before | requests before (export / account) | requests after (export / account) | 429 before / after | records identical | load (1-min avg, start → end) |", "|---|---|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    const cls = (x) => `${x.requests.byClass["incremental-exports"] ?? 0} / ${x.requests.byClass.account ?? 0}`;
    const same = r.compare.every((c) => c.identical) ? `yes (${r.compare.map((c) => `${c.stream} ${c.after}`).join(", ")})` : `NO: ${r.compare.filter((c) => !c.identical).map((c) => `${c.stream} ${c.before}→${c.after}`).join(", ")}`;
    lines.push(`| ${r.run} | ${r.before.seconds.toFixed(1)} s | ${r.after.seconds.toFixed(1)} s | ${r.ratio.toFixed(3)} | ${cls(r.before)} | ${cls(r.after)} | ${r.before.requests.byStatus[429] ?? 0} / ${r.after.requests.byStatus[429] ?? 0} | ${same} | ${r.load.map((l) => l.toFixed(1)).join(" → ")} |`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      tickets: { type: "string", default: "20000" },
      "minute-ms": { type: "string", default: "1000" },
      runs: { type: "string", default: "1" },
      "before-cli": { type: "string" },
      "before-ref": { type: "string", default: "main" },
    },
  });
  const rows = await firstSyncRows({
    tickets: Number(values.tickets),
    minuteMs: Number(values["minute-ms"]),
    runs: Number(values.runs),
    beforeCli: values["before-cli"] ?? process.env.BEFORE_CLI,
    beforeRef: values["before-ref"],
  });
  console.log(firstSyncTable(rows));
  for (const r of rows) {
    console.log(`\nrun ${r.run} requests by endpoint, before: ${JSON.stringify(r.before.requests.byEndpoint)}`);
    console.log(`run ${r.run} requests by endpoint, after: ${JSON.stringify(r.after.requests.byEndpoint)}`);
    console.log(`run ${r.run} state after the first sync (after): ${JSON.stringify(r.after.state)}`);
  }
}
