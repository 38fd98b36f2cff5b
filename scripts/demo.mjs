#!/usr/bin/env node
/**
 * `pnpm start`: a demo sync against the Zendesk simulator. Builds nothing itself (the root `start`
 * script builds the CLI and the packages it loads first).
 *
 * 1. starts `calabi simulator --port 0` and reads its base URL from the first stdout line;
 * 2. writes a temporary config (mode 0600) pointing `base_url` at it;
 * 3. runs `calabi sync --config <tmp> --output ./output`, stderr passed through (progress + summary);
 * 4. stops the simulator and exits with the sync's exit code.
 *
 * Extra arguments are passed to `calabi sync` (e.g. `pnpm start --streams tickets,users`).
 * `pnpm start -- --destination duckdb` writes the DuckDB database ./output/zendesk.duckdb instead.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "apps", "cli", "bin", "calabi.js");
const syncArgs = process.argv.slice(2).filter((arg) => arg !== "--");
const destinationAt = syncArgs.findIndex((arg) => arg === "--destination" || arg.startsWith("--destination="));
const destination = destinationAt < 0 ? "jsonl" : syncArgs[destinationAt].includes("=") ? syncArgs[destinationAt].split("=")[1] : syncArgs[destinationAt + 1];
// A database destination writes one file; the JSONL destination a directory.
const output = resolve(process.cwd(), "output", ...(destination === "duckdb" ? ["zendesk.duckdb"] : []));
if (destination === "duckdb") await mkdir(dirname(output), { recursive: true });

function fail(message) {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

function startSimulator() {
  const child = spawn(process.execPath, [bin, "simulator", "--port", "0", "--tickets", "1000", "--seed", "7", "--minute-ms", "3000", "--anchor", "2026-11-01T00:00:00Z"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error("the simulator did not print its URL within 30 s")), 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolveUrl(line.trim());
    });
    let errText = "";
    child.stderr.on("data", (chunk) => {
      errText += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (code ${code}) before printing its URL${errText ? `: ${errText.trim()}` : ""}`));
    });
  });
  return { child, url };
}

function stop(child) {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}

const simulator = startSimulator();
let baseUrl;
try {
  baseUrl = await simulator.url;
} catch (error) {
  await stop(simulator.child);
  fail(error.message);
}
process.stderr.write(`demo: Zendesk simulator at ${baseUrl}; syncing into ${output}\n`);

const dir = await mkdtemp(join(tmpdir(), "calabi-demo-"));
const configPath = join(dir, "config.json");
const config = {
  subdomain: "d3v-calabi",
  base_url: baseUrl,
  credentials: { credentials: "api_token", email: "demo@example.com", api_token: "demo-token" },
};
await writeFile(configPath, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });

// Ctrl-C reaches the whole process group: the sync stops softly by itself; the demo just waits.
const ignore = () => undefined;
process.on("SIGINT", ignore);
process.on("SIGTERM", ignore);

const sync = spawn(process.execPath, [bin, "sync", "--config", configPath, "--output", output, ...syncArgs], {
  stdio: ["ignore", "inherit", "inherit"],
});
const code = await new Promise((resolveCode) => {
  sync.once("exit", (exitCode, signal) => resolveCode(exitCode ?? (signal ? 130 : 1)));
  sync.once("error", (error) => {
    process.stderr.write(`demo: cannot run calabi sync: ${error.message}\n`);
    resolveCode(1);
  });
});

await stop(simulator.child);
await rm(dir, { recursive: true, force: true });
process.exit(code);
