/**
 * End to end, DuckDB and deletions: the BUILT CLI with the real plugins against the simulator,
 * with mutations between syncs (agent updates, silent system updates, creations, deletions). After
 * every sync both the DuckDB tables and the JSONL files must equal the simulator's ground truth
 * (deleted tickets gone), also with injected faults and after repeated kill -9.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoStackTrace, readJsonl, runCli, tempDir, writeJson } from "./helpers.js";

const STREAMS = ["groups", "organizations", "tags", "tickets", "users"] as const;
type StreamName = (typeof STREAMS)[number];

type Sim = {
  url: string;
  account: any;
  groundTruth(stream: string): any[];
  requests(): { seq: number; method: string; path: string; status: number; fault: string | null }[];
  setFaults(options: unknown): void;
  advanceClock(ms: number): void;
  close(): Promise<void>;
};

const simulatorModule: { startSimulator(options: unknown): Promise<Sim> } | undefined = await import("@calabi/zendesk-simulator").catch(() => undefined);
const pluginsReady = await Promise.all([import("@calabi/streams-support"), import("@calabi/destination-duckdb")]).then(() => true).catch(() => false);
// Outside CI these tests skip when the simulator or the plugins are not built yet; in CI they always
// run, so a missing build fails loudly instead of skipping.
const ready = (Boolean(simulatorModule?.startSimulator) && pluginsReady) || Boolean(process.env.CI);

const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
});

async function startSim(options: Record<string, unknown> = {}): Promise<Sim> {
  const sim = await simulatorModule!.startSimulator({ seed: 23, tickets: 400, minuteMs: 500, ...options });
  running.push(sim);
  sim.advanceClock(120_000); // past the exports' one-minute horizon
  return sim;
}

async function configFile(dir: string, sim: Sim): Promise<string> {
  return writeJson(join(dir, "config.json"), { subdomain: "d3v-calabi", base_url: sim.url, credentials: { credentials: "api_token", email: "e2e@example.com", api_token: "e2e-token-000" } }, 0o600);
}

const sync = (config: string, output: string, ...extra: string[]) =>
  runCli(["sync", "--config", config, "--output", output, "--streams", STREAMS.join(","), ...extra], { env: { CALABI_PROGRESS_INTERVAL_MS: "1000" } });

const keyOf = (stream: StreamName) => (stream === "tags" ? "name" : "id");
const versionOf = (record: any) => (record.updated_at === undefined ? Number(record.count) : Math.round(Date.parse(record.updated_at) / 1000));

async function queryDb(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** [key, version] pairs, sorted: a record's identity and which version of it. */
function pairs(records: any[], stream: StreamName): [string, number][] {
  const key = keyOf(stream);
  return records.map((r) => [String(r[key]), versionOf(r)] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

async function expectDatabaseEqualsTruth(sim: Sim, db: string): Promise<void> {
  for (const stream of STREAMS) {
    const version = stream === "tags" ? "count" : "epoch(updated_at)::BIGINT";
    const rows = await queryDb(db, `SELECT ${keyOf(stream)} AS k, ${version} AS v FROM "${stream}"`);
    const got = rows.map((r) => [String(r.k), Number(r.v)] as [string, number]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const want = pairs(sim.groundTruth(stream), stream);
    expect(new Set(got.map((g) => g[0])).size, `${stream}: duplicate keys in DuckDB`).toBe(got.length);
    expect(got.length, `${stream}: DuckDB row count`).toBe(want.length);
    expect(got, `${stream}: DuckDB keys and versions`).toEqual(want);
  }
}

async function expectJsonlEqualsTruth(sim: Sim, dir: string): Promise<void> {
  for (const stream of STREAMS) {
    const got = pairs(await readJsonl(join(dir, `${stream}.jsonl`)), stream);
    const want = pairs(sim.groundTruth(stream), stream);
    expect(new Set(got.map((g) => g[0])).size, `${stream}: duplicate keys in JSONL`).toBe(got.length);
    expect(got, `${stream}: JSONL keys and versions`).toEqual(want);
  }
}

async function dbState(db: string): Promise<Record<string, any>> {
  const rows = await queryDb(db, "SELECT stream, state::VARCHAR AS state FROM _calabi_state");
  return Object.fromEntries(rows.map((r) => [r.stream, JSON.parse(String(r.state))]));
}

/** Agent updates, silent system updates, creations and deletions of 12 tickets; users and orgs change too. */
function mutate(sim: Sim, round: number): number[] {
  const account = sim.account;
  const truth = sim.groundTruth("tickets");
  for (let i = 0; i < 5; i++) account.updateTicket(truth[(round * 31 + i * 7) % truth.length].id, { subject: `round ${round} update ${i}` });
  for (let i = 0; i < 3; i++) account.systemUpdateTicket(truth[(round * 17 + i * 11 + 3) % truth.length].id);
  for (let i = 0; i < 4; i++) account.createTicket({ subject: `round ${round} new ${i}` });
  const deleted: number[] = [];
  for (let i = 0; i < 12; i++) {
    const id = truth[(round * 43 + i * 29 + 5) % truth.length].id;
    if (deleted.includes(id)) continue;
    account.deleteTicket(id);
    deleted.push(id);
  }
  account.updateUser(account.pickId("users", round), { name: `Renamed ${round}` });
  account.createUser({ name: `New user ${round}` });
  account.updateOrganization(account.pickId("organizations", round), { notes: `round ${round}` });
  sim.advanceClock(120_000);
  return deleted;
}

describe.skipIf(!ready)("end to end: DuckDB destination and deletions", () => {
  it("both destinations equal the ground truth after every sync; deleted tickets are removed; the second sync resumes from the state in the database", async () => {
    const sim = await startSim();
    const dir = await tempDir("calabi-e2e-duckdb-");
    const config = await configFile(dir, sim);
    const db = join(dir, "zendesk.duckdb");
    const jsonl = join(dir, "jsonl");

    const first = await sync(config, db, "--destination", "duckdb");
    expect(first.code, first.stderr).toBe(0);
    expectNoStackTrace(first);
    expect(first.stderr).toMatch(/State: in .*zendesk\.duckdb/);
    expect((await sync(config, jsonl)).code).toBe(0);
    await expectDatabaseEqualsTruth(sim, db);
    await expectJsonlEqualsTruth(sim, jsonl);
    // No state file: the state is in the database.
    await expect(stat(join(dir, "state.json"))).rejects.toThrow();
    const cursor = (await dbState(db)).tickets.generated_timestamp;
    expect(Number(cursor)).toBeGreaterThan(0);

    for (const round of [1, 2]) {
      const deleted = mutate(sim, round);
      const before = sim.requests().at(-1)!.seq + 1;
      const again = await sync(config, db, "--destination", "duckdb");
      expect(again.code, again.stderr).toBe(0);
      if (round === 1) {
        // Resumed from the database's state: the tickets export starts at the saved cursor.
        const request = sim.requests().find((r) => r.seq >= before && r.path.includes("/incremental/tickets/cursor.json"));
        expect(new URL(request!.path, sim.url).searchParams.get("start_time")).toBe(cursor);
      }
      expect((await sync(config, jsonl)).code).toBe(0);
      await expectDatabaseEqualsTruth(sim, db);
      await expectJsonlEqualsTruth(sim, jsonl);
      const remaining = await queryDb(db, `SELECT count(*)::INT AS n FROM tickets WHERE id IN (${deleted.join(",")})`);
      expect(remaining).toEqual([{ n: 0 }]);
    }
  });

  it("--keep-deleted keeps deleted tickets (the old behaviour); --state FILE overrides the database's state", async () => {
    const sim = await startSim();
    const dir = await tempDir("calabi-e2e-keep-");
    const config = await configFile(dir, sim);
    const db = join(dir, "keep.duckdb");
    const statePath = join(dir, "elsewhere.json");
    expect((await sync(config, db, "--destination", "duckdb", "--keep-deleted", "--state", statePath)).code).toBe(0);
    const saved = JSON.parse(await readFile(statePath, "utf8"));
    expect(saved.map((s: any) => s.stream.stream_descriptor.name)).toContain("tickets");
    expect(await dbState(db)).toEqual({});
    const deleted = mutate(sim, 3);
    const again = await sync(config, db, "--destination", "duckdb", "--keep-deleted", "--state", statePath);
    expect(again.code, again.stderr).toBe(0);
    const kept = await queryDb(db, `SELECT count(*)::INT AS n FROM tickets WHERE id IN (${deleted.join(",")})`);
    expect(kept).toEqual([{ n: deleted.length }]);
  });

  it("with 20% injected faults, and after repeated kill -9, the database equals the ground truth", async () => {
    const sim = await startSim({ tickets: 1500 });
    const dir = await tempDir("calabi-e2e-duckdb-kill-");
    const config = await configFile(dir, sim);
    const db = join(dir, "zendesk.duckdb");

    sim.setFaults({ rate: 0.2 });
    const faulty = await sync(config, db, "--destination", "duckdb");
    expect(faulty.code, faulty.stderr).toBe(0);
    sim.setFaults({ rate: 0 });
    expect(sim.requests().some((r) => r.fault)).toBe(true);
    await expectDatabaseEqualsTruth(sim, db);

    // Mutations, then syncs killed after a growing number of pages, then one that completes.
    mutate(sim, 4);
    sim.setFaults({ rate: 1, kinds: ["slow"], slowMs: 100 });
    let kills = 0;
    for (const pages of [1, 2, 3]) {
      const start = sim.requests().at(-1)!.seq + 1;
      let killed = false;
      const run = await runCli(["sync", "--config", config, "--output", db, "--destination", "duckdb", "--streams", STREAMS.join(",")], {
        onSpawn: (child) => {
          const poll = setInterval(() => {
            const served = sim.requests().filter((r) => r.seq >= start && r.status === 200 && r.path.startsWith("/api/v2/")).length;
            if (served >= pages && !killed) {
              killed = true;
              clearInterval(poll);
              child.kill("SIGKILL");
            }
          }, 10);
          child.once("exit", () => clearInterval(poll));
        },
      });
      if (run.signal === "SIGKILL") kills++;
      if (pages === 2) mutate(sim, 5); // more changes while the mirror is half-updated
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    sim.setFaults({ rate: 0 });
    const resumed = await sync(config, db, "--destination", "duckdb");
    expect(resumed.code, resumed.stderr).toBe(0);
    await expectDatabaseEqualsTruth(sim, db);
  });
});
