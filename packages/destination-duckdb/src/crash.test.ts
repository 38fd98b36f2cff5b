/**
 * Real processes: a child using the BUILT package writes pages and commits a state per page in
 * the database, and is SIGKILLed at an arbitrary moment, again and again; after every kill the
 * tables hold exactly what the committed state covers (nothing lost, nothing twice). Also the
 * errors only another process can cause: a file locked by a running writer, and a read-only file.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError } from "@calabi/kernel";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DuckdbDestination } from "./duckdb-destination.js";
import { catalogOf, makeTempDir, memoryLogger, query, removeDir } from "./__tests__/helpers.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const distEntry = join(packageRoot, "dist", "index.js");

/** Builds dist when it is missing or older than a source file, so the child runs this code. */
function ensureBuilt(): void {
  const srcDir = join(packageRoot, "src");
  const newestSource = Math.max(
    ...readdirSync(srcDir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => statSync(join(srcDir, f)).mtimeMs),
  );
  if (existsSync(distEntry) && statSync(distEntry).mtimeMs >= newestSource) return;
  const tsc = join(packageRoot, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(packageRoot, "tsconfig.build.json")], { stdio: "inherit" });
}

const PAGE = 200;
const KEYS = 1000;

/**
 * Page p: stream "a" (append) gets ids p*PAGE..; stream "d" (append_dedup) gets new versions of
 * ids that wrap around KEYS, and on every third page a deletion. Each stream resumes at the page
 * after its own committed state.
 */
const CHILD_SCRIPT = `
const [distUrl, path, target] = process.argv.slice(2);
const { DuckdbDestination } = await import(distUrl);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const schema = { type: "object", properties: { id: { type: "integer" }, v: { type: "integer" }, pad: { type: "string" } } };
const stream = (name, mode) => ({ stream: { name, json_schema: schema, supported_sync_modes: ["incremental"], source_defined_primary_key: [["id"]] }, sync_mode: "incremental", destination_sync_mode: mode });
const destination = new DuckdbDestination({ output: path, logger: quiet });
const store = destination.stateStore();
const states = await store.load();
const next = { a: states.a?.page ?? 0, d: states.d?.page ?? 0 };
await destination.open({ streams: [stream("a", "append"), stream("d", "append_dedup")] });
process.stdout.write("ready " + JSON.stringify(next) + "\\n");
const pad = "p".repeat(60);
for (let page = Math.min(next.a, next.d); page < Number(target); page++) {
  if (page >= next.a) for (let k = 0; k < ${PAGE}; k++) await destination.write("a", { id: page * ${PAGE} + k, v: page, pad });
  if (page >= next.d) {
    for (let k = 0; k < ${PAGE}; k++) await destination.write("d", { id: (page * ${PAGE} + k) % ${KEYS}, v: page, pad });
    if (page % 3 === 0) await destination.delete("d", { record: { id: (page * 37) % ${KEYS} }, deletedAt: "2026-11-02T00:00:00Z" });
  }
  await destination.flush();
  if (page >= next.a) await store.commit("a", { page: page + 1 });
  if (page >= next.d) await store.commit("d", { page: page + 1 });
}
await destination.endStream("a", true);
await destination.endStream("d", true);
await destination.close();
process.stdout.write("done\\n");
`;

/** What "d" holds after `pages` pages: id → v. */
function expectedDedup(pages: number): Map<number, number> {
  const rows = new Map<number, number>();
  for (let page = 0; page < pages; page++) {
    for (let k = 0; k < PAGE; k++) rows.set((page * PAGE + k) % KEYS, page);
    if (page % 3 === 0) rows.delete((page * 37) % KEYS);
  }
  return rows;
}

const alive = new Set<ChildProcess>();
let dir: string;
let path: string;
let script: string;

beforeAll(() => ensureBuilt());
beforeEach(async () => {
  dir = await makeTempDir();
  path = join(dir, "crash.duckdb");
  script = join(dir, "child.mjs");
  await writeFile(script, CHILD_SCRIPT);
});
afterEach(async () => {
  for (const child of alive) child.kill("SIGKILL");
  await Promise.all([...alive].map((child) => new Promise((done) => child.once("exit", done))));
  await removeDir(dir);
});

/** Runs the child; `killAfterMs` after it reports ready it is SIGKILLed (unless done by then). */
function runChild(target: number, killAfterMs?: number): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, pathToFileURL(distEntry).href, path, String(target)], { stdio: ["ignore", "pipe", "pipe"] });
    alive.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAfterMs !== undefined && stdout.startsWith("ready") && !child.killed) {
        setTimeout(() => child.kill("SIGKILL"), killAfterMs).unref();
        killAfterMs = undefined;
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      alive.delete(child);
      if (code !== 0 && signal === null) fail(new Error(`child failed (${code}): ${stderr}`));
      else done({ stdout, signal, code });
    });
  });
}

async function expectConsistent(): Promise<{ a: number; d: number }> {
  const states = Object.fromEntries(
    (await query(path, "SELECT stream, (state->>'$.page')::INT AS page FROM _calabi_state")).map((r) => [r.stream, Number(r.page)]),
  ) as { a?: number; d?: number };
  const a = states.a ?? 0;
  const d = states.d ?? 0;
  const tables = (await query(path, "SELECT table_name FROM information_schema.tables")).map((r) => r.table_name);
  if (tables.includes("a")) {
    const [row] = await query(path, "SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, coalesce(min(id), 0)::INT AS lo, coalesce(max(id), -1)::INT AS hi FROM a");
    expect(row, `stream a after ${a} committed pages`).toEqual({ n: a * PAGE, ids: a * PAGE, lo: 0, hi: a * PAGE - 1 });
  } else {
    expect(a).toBe(0);
  }
  if (tables.includes("d")) {
    const got = new Map((await query(path, "SELECT id::INT AS id, v::INT AS v FROM d")).map((r) => [Number(r.id), Number(r.v)]));
    const want = expectedDedup(d);
    expect(got.size, `stream d after ${d} committed pages`).toBe(want.size);
    expect([...got.entries()].sort((x, y) => x[0] - y[0])).toEqual([...want.entries()].sort((x, y) => x[0] - y[0]));
  }
  return { a, d };
}

describe("kill -9 at any moment", () => {
  it("after every kill the tables hold exactly what the committed state covers, and the next run resumes from it", async () => {
    const target = 60;
    // Kill moments spread over the run (ms after the child is ready): early, mid-page, late.
    const delays = [5, 120, 40, 260, 90, 400, 15, 700];
    let kills = 0;
    let last = { a: 0, d: 0 };
    for (const delay of delays) {
      const run = await runChild(target, delay);
      if (run.signal === "SIGKILL") kills++;
      const now = await expectConsistent();
      // The state only moves forward: a killed run never loses committed pages.
      expect(now.a).toBeGreaterThanOrEqual(last.a);
      expect(now.d).toBeGreaterThanOrEqual(last.d);
      last = now;
      if (run.stdout.includes("done")) break;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const final = await runChild(target);
    expect(final.stdout).toContain("done");
    expect(await expectConsistent()).toEqual({ a: target, d: target });
  });
});

describe("files another process holds", () => {
  it("a file locked by a running writer gets a clear error naming the other process", async () => {
    const holder = spawn(
      process.execPath,
      ["--input-type=module", "-e", `const { DuckDBInstance } = await import(${JSON.stringify(pathToFileURL(join(packageRoot, "node_modules/@duckdb/node-api/lib/index.js")).href)}); const i = await DuckDBInstance.create(${JSON.stringify(path)}); const c = await i.connect(); await c.run("CREATE TABLE held (x INT)"); process.stdout.write("held\\n"); setInterval(() => {}, 1000);`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    alive.add(holder);
    holder.once("exit", () => alive.delete(holder));
    await new Promise<void>((done) => holder.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && done()));
    const dest = new DuckdbDestination({ output: path, logger: memoryLogger() });
    const error = await dest.open(catalogOf({ name: "tickets", mode: "append" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`is locked by another process \\(pid ${holder.pid}\\): DuckDB allows one writer at a time`));
  });

  it("a read-only file gets a clear error", async () => {
    const seed = new DuckdbDestination({ output: path, logger: memoryLogger() });
    await seed.open(catalogOf({ name: "tickets", mode: "append" }));
    await seed.close();
    await chmod(path, 0o444);
    await chmod(dir, 0o755);
    // root ignores file modes: as root, open it as an unprivileged user (uid 65534, "nobody").
    const asRoot = process.getuid?.() === 0;
    const probe = `const { DuckdbDestination } = await import(${JSON.stringify(pathToFileURL(distEntry).href)});
      const d = new DuckdbDestination({ output: ${JSON.stringify(path)}, logger: { debug() {}, info() {}, warn() {}, error() {} } });
      try { await d.open({ streams: [] }); console.log("opened"); } catch (e) { console.log(e.name + ": " + e.message); }`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], asRoot ? { uid: 65534, gid: 65534 } : {}).toString();
    expect(out).toMatch(/ConfigError: Cannot write the DuckDB file .*crash\.duckdb: the file or its directory is read-only/);
  });
});
