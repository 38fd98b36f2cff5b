/**
 * Crash safety with real kills: a child process using the BUILT package writes, flushes, reports
 * what it flushed, keeps going and is SIGKILLed. A new destination must then recover every flushed
 * record exactly once, and the visible file must never have been partial.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JsonlDestination } from "./jsonl-destination.js";
import { catalogOf, makeTempDir, memoryLogger, readJsonl, readText, removeDir } from "./__tests__/helpers.js";

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

const CHILD_SCRIPT = `
const [distUrl, output, scenario, total] = process.argv.slice(2);
const { JsonlDestination } = await import(distUrl);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const mode = scenario === "compaction" ? "append_dedup" : scenario;
const catalog = { streams: [{
  stream: { name: "s", json_schema: {}, supported_sync_modes: ["incremental"], source_defined_primary_key: [["id"]] },
  sync_mode: "incremental", destination_sync_mode: mode,
}] };
const destination = new JsonlDestination({ output, logger: quiet, bufferBytes: 4096 });
await destination.open(catalog);
const pad = "p".repeat(80);
if (scenario === "compaction") {
  for (let i = 0; i < Number(total); i++) await destination.write("s", { id: i, v: "new", pad });
  await destination.flush();
  process.stdout.write("flushed " + total + "\\n");
  await destination.endStream("s", true);
  process.stdout.write("compacted\\n");
  await destination.close();
} else {
  for (let i = 0; ; ) {
    for (let k = 0; k < 250; k++, i++) await destination.write("s", { id: i, v: "new", pad });
    await destination.flush();
    process.stdout.write("flushed " + i + "\\n");
  }
}
`;

interface ChildRun {
  /** Highest count the child reported as flushed (every id below it was flushed). */
  flushed: number;
  stdout: string;
  /** Output lines with the time they arrived. */
  lines: { text: string; at: number }[];
  signal: NodeJS.Signals | null;
}

/**
 * Children still running and watchers still sampling. Cleanup stops and awaits them before deleting
 * the directory: a test that fails or times out must not leave a child writing into a directory
 * being removed (rm would fail with ENOTEMPTY and the child would run into the next test).
 */
const alive = new Set<ChildProcess>();
const sampling = new Set<() => Promise<unknown>>();

async function stopEverything(): Promise<void> {
  await Promise.all([...sampling].map((stop) => stop()));
  await Promise.all(
    [...alive].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
  alive.clear();
}

/** Runs the child; SIGKILLs it `delayMs` after its `flushes`-th "flushed" line. */
function runChild(
  script: string,
  output: string,
  scenario: string,
  options: { flushes: number; delayMs: number; total?: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script, pathToFileURL(distEntry).href, output, scenario, String(options.total ?? 0)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    alive.add(child);
    child.once("exit", () => alive.delete(child));
    let stdout = "";
    let pending = "";
    let stderr = "";
    const lines: ChildRun["lines"] = [];
    let flushes = 0;
    let flushed = 0;
    let killScheduled = false;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      // Whole lines only: a pipe may deliver "flushed 75" and "0\n" in separate chunks.
      const complete = (pending + chunk).split("\n");
      pending = complete.pop()!;
      for (const text of complete) {
        if (text === "") continue;
        lines.push({ text, at: performance.now() });
        const match = /^flushed (\d+)$/.exec(text);
        if (match) {
          flushes++;
          flushed = Math.max(flushed, Number(match[1]));
        }
      }
      if (!killScheduled && flushes >= options.flushes) {
        killScheduled = true;
        setTimeout(() => child.kill("SIGKILL"), options.delayMs);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ flushed, stdout, lines, signal });
    });
  });
}

/**
 * Samples a file's content every few milliseconds until stopped. Resolves once the first sample is
 * taken, so a child started afterwards cannot change the file before the watcher has seen it.
 */
async function watch(path: string): Promise<{ stop: () => Promise<Set<string | undefined>> }> {
  const seen = new Set<string | undefined>();
  seen.add(await readText(path));
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 2));
      seen.add(await readText(path));
    }
  })();
  const stop = async () => {
    running = false;
    sampling.delete(stop);
    await loop;
    return seen;
  };
  sampling.add(stop);
  return { stop };
}

const OLD_IDS = [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 1_000_000 + i)];

let dir: string;
let script: string;
let previous: string;

beforeAll(() => {
  ensureBuilt();
}, 60_000);

beforeEach(async () => {
  dir = await makeTempDir();
  script = join(dir, "child.mjs");
  await writeFile(script, CHILD_SCRIPT);
});
afterEach(async () => {
  await stopEverything();
  await removeDir(dir);
});

/** A completed earlier sync: ids 0..49 and 1000000..1000009, version "old". */
async function previousSync(mode: "overwrite" | "append" | "append_dedup"): Promise<void> {
  const destination = new JsonlDestination({ output: join(dir, "out"), logger: memoryLogger() });
  await destination.open(catalogOf({ name: "s", mode }));
  for (const id of OLD_IDS) await destination.write("s", { id, v: "old" });
  await destination.endStream("s", true);
  await destination.close();
  previous = (await readText(join(dir, "out", "s.jsonl")))!;
}

/** Opens and closes a fresh destination over the output, which runs crash recovery. */
async function reopen(mode: "overwrite" | "append" | "append_dedup"): Promise<void> {
  const destination = new JsonlDestination({ output: join(dir, "out"), logger: memoryLogger() });
  await destination.open(catalogOf({ name: "s", mode }));
  await destination.close();
}

describe("kill -9", () => {
  it("append_dedup: every flushed record survives exactly once, the visible file is never partial", async () => {
    await previousSync("append_dedup");
    const data = join(dir, "out", "s.jsonl");
    const watcher = await watch(data);
    const run = await runChild(script, join(dir, "out"), "append_dedup", { flushes: 3, delayMs: 0 });
    const seen = await watcher.stop();
    expect(run.signal).toBe("SIGKILL");
    expect(run.flushed).toBeGreaterThanOrEqual(750);
    // Until the stream ends, the visible file is exactly the previous sync's.
    expect([...seen]).toEqual([previous]);
    expect(existsSync(join(dir, "out", "s.jsonl.incoming"))).toBe(true);
    expect(existsSync(join(dir, "out", ".calabi-jsonl.lock"))).toBe(true); // taken over by the next open

    await reopen("append_dedup");
    const records = await readJsonl(data);
    const ids = records.map((r) => r.id as number);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    // Write order of the winners: untouched previous rows first, then every id the child wrote.
    const untouched = OLD_IDS.filter((id) => id >= 1_000_000);
    const written = ids.slice(untouched.length);
    expect(ids.slice(0, untouched.length)).toEqual(untouched);
    expect(written).toEqual(Array.from({ length: written.length }, (_, i) => i));
    // Every flushed record is there, in its newest version; unflushed ones may be too.
    expect(written.length).toBeGreaterThanOrEqual(run.flushed);
    for (const record of records) expect(record.v).toBe((record.id as number) >= 1_000_000 ? "old" : "new");
    expect(readdirSync(join(dir, "out"))).toEqual(["s.jsonl"]);
  });

  // Kill points spread over one compaction's measured duration (before, during, around the rename).
  const COMPACTION_RECORDS = 5_000;
  // Measured once, in its own directory, before the kill tests (so no single test pays for it).
  // The kill points only spread the kills; every assertion holds wherever a kill lands.
  let compactionMs = 0;
  beforeAll(async () => {
    const calibration = await makeTempDir();
    try {
      const calibrationScript = join(calibration, "child.mjs");
      await writeFile(calibrationScript, CHILD_SCRIPT);
      const run = await runChild(calibrationScript, join(calibration, "out"), "compaction", {
        flushes: Number.POSITIVE_INFINITY,
        delayMs: 0,
        total: COMPACTION_RECORDS,
      });
      const at = (line: string) => run.lines.find((l) => l.text.startsWith(line))?.at;
      const flushedAt = at("flushed");
      const compactedAt = at("compacted");
      expect(flushedAt).toBeDefined();
      expect(compactedAt).toBeDefined();
      compactionMs = Math.max(10, compactedAt! - flushedAt!);
    } finally {
      await stopEverything();
      await removeDir(calibration);
    }
  }, 120_000);

  it.each([0, 0.5, 0.9, 1.3])(
    "append_dedup: a kill at %f of a compaction leaves the old or the new file, never a mix",
    async (fraction) => {
      const delayMs = Math.round(fraction * compactionMs);
      await previousSync("append_dedup");
      const data = join(dir, "out", "s.jsonl");
      const watcher = await watch(data);
      const total = COMPACTION_RECORDS;
      const run = await runChild(script, join(dir, "out"), "compaction", { flushes: 1, delayMs, total });
      const seen = await watcher.stop();
      expect(run.flushed).toBe(total);
      // Before the kill the visible file was the old one; a journal may be left for recovery.
      expect(seen.has(previous)).toBe(true);

      await reopen("append_dedup");
      const final = await readText(data);
      const records = await readJsonl(data);
      expect(records.map((r) => r.id)).toEqual([
        ...OLD_IDS.filter((id) => id >= 1_000_000),
        ...Array.from({ length: total }, (_, i) => i),
      ]);
      expect(records.filter((r) => r.v === "new")).toHaveLength(total);
      for (const snapshot of seen) expect([previous, final]).toContain(snapshot);
      expect(readdirSync(join(dir, "out"))).toEqual(["s.jsonl"]);
    },
  );

  it("overwrite: the previous file is untouched and the staging file is discarded", async () => {
    await previousSync("overwrite");
    const data = join(dir, "out", "s.jsonl");
    const watcher = await watch(data);
    const run = await runChild(script, join(dir, "out"), "overwrite", { flushes: 2, delayMs: 0 });
    const seen = await watcher.stop();
    expect(run.signal).toBe("SIGKILL");
    expect([...seen]).toEqual([previous]);

    await reopen("overwrite");
    expect(await readFile(data, "utf8")).toBe(previous);
    expect(readdirSync(join(dir, "out"))).toEqual(["s.jsonl"]);
  });

  it("append: flushed records survive once and a torn last line is cut", async () => {
    await previousSync("append");
    const data = join(dir, "out", "s.jsonl");
    const run = await runChild(script, join(dir, "out"), "append", { flushes: 2, delayMs: 0 });
    expect(run.signal).toBe("SIGKILL");

    await reopen("append");
    const ids = (await readJsonl(data)).map((r) => r.id as number);
    expect(ids.slice(0, OLD_IDS.length)).toEqual(OLD_IDS);
    const appended = ids.slice(OLD_IDS.length);
    expect(appended.length).toBeGreaterThanOrEqual(run.flushed);
    expect(appended).toEqual(Array.from({ length: appended.length }, (_, i) => i));
  });
});
