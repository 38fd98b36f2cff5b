#!/usr/bin/env node
// Throughput of the two destinations, measured in one run on the same records:
//  1. destination alone: the simulator's tickets (ground truth, real Zendesk shape, ~60 fields)
//     written through each destination as the sync runner does it — pages of 1,000, a flush and a
//     state commit after each page (JSONL: fsync + state file; DuckDB: one transaction per page) —
//     in append_dedup (the default for tickets) and append;
//  2. the whole CLI: `calabi sync` of the five skeleton streams from a fresh simulator (same seed,
//     Enterprise limits, one-minute windows compressed to --minute-ms), --destination jsonl vs
//     --destination duckdb: does the destination keep up with the source?
// Usage: node bench/destinations.mjs [--tickets 20000] [--rounds 2] [--minute-ms 1000]
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSimulator } from "@calabi/zendesk-simulator";
import { FileStateStore, createLogger } from "@calabi/kernel";
import { JsonlDestination } from "@calabi/destination-jsonl";
import { DuckdbDestination } from "@calabi/destination-duckdb";
import { tickets as ticketsStream } from "@calabi/streams-support";
import { writeBenchConfig } from "./config.mjs";

const { values } = parseArgs({
  options: { tickets: { type: "string", default: "20000" }, rounds: { type: "string", default: "2" }, "minute-ms": { type: "string", default: "1000" } },
});
const MINUTE_MS = Number(values["minute-ms"]);
const TICKETS = Number(values.tickets);
const ROUNDS = Number(values.rounds);
const PAGE = 1000;
const CLI = new URL("../apps/cli/bin/calabi.js", import.meta.url).pathname;
const quiet = createLogger(() => undefined, "error");

function catalog(mode) {
  const { spec } = ticketsStream;
  return {
    streams: [
      {
        stream: { name: "tickets", json_schema: spec.jsonSchema, supported_sync_modes: ["incremental"], source_defined_primary_key: spec.primaryKey },
        sync_mode: "incremental",
        destination_sync_mode: mode,
      },
    ],
  };
}

/** Writes every record in pages, flush + state commit after each page; returns records/s. */
async function throughput(kind, mode, records, dir) {
  const output = kind === "duckdb" ? join(dir, `${mode}.duckdb`) : join(dir, `jsonl-${mode}`);
  const destination = kind === "duckdb" ? new DuckdbDestination({ output, logger: quiet }) : new JsonlDestination({ output, logger: quiet });
  const store = kind === "duckdb" ? destination.stateStore() : new FileStateStore(join(dir, `${mode}-state.json`));
  await store.load();
  const started = performance.now();
  await destination.open(catalog(mode));
  for (let i = 0; i < records.length; i += PAGE) {
    for (const record of records.slice(i, i + PAGE)) await destination.write("tickets", record);
    await destination.flush();
    await store.commit("tickets", { generated_timestamp: String(i) });
  }
  await destination.endStream("tickets", true);
  await destination.close();
  return records.length / ((performance.now() - started) / 1000);
}

async function cliSync(baseUrl, destination, dir) {
  const config = join(dir, `${destination}-config.json`);
  await writeBenchConfig(config, baseUrl);
  const output = destination === "duckdb" ? join(dir, "cli.duckdb") : join(dir, "cli-jsonl");
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "sync", "--config", config, "--output", output, "--destination", destination, "--streams", "tickets,users,organizations,groups,tags"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const code = await new Promise((done) => child.once("exit", done));
  if (code !== 0) throw new Error(`calabi sync --destination ${destination} exited ${code}:\n${stderr}`);
  const records = [...stderr.matchAll(/^(\w+)\s+succeeded\s+([\d,]+)/gm)].reduce((n, m) => n + Number(m[2].replaceAll(",", "")), 0);
  return { seconds: (performance.now() - started) / 1000, records };
}

// The machine is shared: report the median and the best round of each (rounds interleave the two).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");

async function main() {
  const sim = await startSimulator({ seed: 1, tickets: TICKETS, anchor: "2026-11-01T00:00:00Z", rateLimitDisabled: true });
  const records = sim.groundTruth("tickets");
  await sim.close();
  const bytes = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
  const rows = [];
  {
    for (const mode of ["append_dedup", "append"]) {
      const results = { jsonl: [], duckdb: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of ["jsonl", "duckdb"]) {
          const dir = await mkdtemp(join(tmpdir(), "calabi-bench-dest-"));
          try {
            results[kind].push(await throughput(kind, mode, records, dir));
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }
      }
      const j = median(results.jsonl);
      const d = median(results.duckdb);
      const best = (xs) => Math.max(...xs);
      rows.push([
        `destination alone, ${mode}, ${fmt(records.length)} tickets, records/s (median; best)`,
        `${fmt(j)}; ${fmt(best(results.jsonl))}`,
        `${fmt(d)}; ${fmt(best(results.duckdb))}`,
        `duckdb / jsonl = ${(d / j).toFixed(2)}`,
      ]);
    }
    const cli = { jsonl: [], duckdb: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ["jsonl", "duckdb"]) {
        const dir = await mkdtemp(join(tmpdir(), "calabi-bench-cli-"));
        const source = await startSimulator({ seed: 1, tickets: TICKETS, anchor: "2026-11-01T00:00:00Z", plan: "enterprise", minuteMs: MINUTE_MS });
        try {
          cli[kind].push(await cliSync(source.url, kind, dir));
        } finally {
          await source.close();
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
    const seconds = (kind) => cli[kind].map((r) => r.seconds);
    const j = median(seconds("jsonl"));
    const d = median(seconds("duckdb"));
    const n = cli.jsonl[0].records;
    rows.push([
      `calabi sync, 5 streams, ${MINUTE_MS} ms windows, ${fmt(n)} records: seconds (median; best)`,
      `${j.toFixed(2)}; ${Math.min(...seconds("jsonl")).toFixed(2)}`,
      `${d.toFixed(2)}; ${Math.min(...seconds("duckdb")).toFixed(2)}`,
      `duckdb / jsonl time = ${(d / j).toFixed(2)}`,
    ]);
  }
  console.log(`Tickets: ${fmt(records.length)} (${(bytes / records.length).toFixed(0)} bytes of JSON each); ${ROUNDS} rounds, JSONL and DuckDB interleaved.\n`);
  console.log("| measure | JSONL | DuckDB | ratio |\n|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

await main();
