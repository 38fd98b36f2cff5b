import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, inject } from "vitest";
import { createProtocolValidator } from "./protocol-validator.js";

export const CLI_ROOT = resolve(import.meta.dirname, "..");
export const BIN = join(CLI_ROOT, "bin", "calabi.js");
export const FIXTURES = join(CLI_ROOT, "test", "fixtures", "plugins");
/** The fixture source + streams and the real JSONL destination. */
export const FAKE_PLUGINS = [join(FIXTURES, "fake-source"), join(FIXTURES, "fake-streams"), "@calabi/destination-jsonl"].join(",");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout lines parsed as JSON (throws if a line is not JSON). */
  messages: any[];
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** What to run instead of this tree's `calabi`: the program and its leading arguments (an installed bin, an entrypoint script). */
  command?: string[];
  /** A bare environment, as a user's shell or a container gives: PATH and `env` only. */
  cleanEnv?: boolean;
  /** Called once the child is spawned (to send signals). */
  onSpawn?: (child: ChildProcess) => void;
  /** Called with each chunk of stderr. */
  onStderr?: (chunk: string, child: ChildProcess) => void;
  onStdout?: (chunk: string, child: ChildProcess) => void;
  timeoutMs?: number;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const [program, ...leading] = options.command ?? [process.execPath, BIN];
    const child = spawn(program, [...leading, ...args], {
      cwd: options.cwd ?? CLI_ROOT,
      env: options.cleanEnv ? { PATH: process.env.PATH ?? "", ...options.env } : { ...process.env, CALABI_DEBUG: "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      options.onStdout?.(d, child);
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      options.onStderr?.(d, child);
    });
    // A safety net for a hung child, not a performance bound: just under the 120 s test timeout,
    // so a CLI that is merely slow on a loaded machine is never killed mid-run.
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 110_000);
    options.onSpawn?.(child);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const messages = stdout
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return { __notJson: l };
          }
        });
      resolvePromise({ code, signal, stdout, stderr, messages });
    });
  });
}

/** A new folder inside the test run's temporary folder (removed when the run ends). */
export async function tempDir(prefix = "calabi-cli-"): Promise<string> {
  return mkdtemp(join(inject("calabiTmp"), prefix));
}

export async function writeJson(path: string, value: unknown, mode?: number): Promise<string> {
  await writeFile(path, JSON.stringify(value, null, 2), mode === undefined ? undefined : { mode });
  return path;
}

export async function readJsonl(path: string): Promise<any[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

const validator = createProtocolValidator();

/** Every stdout line is a JSON protocol message that validates against airbyte_protocol.yaml. */
export function expectValidProtocol(result: CliResult): void {
  for (const message of result.messages) {
    expect(message.__notJson, `stdout line is not JSON: ${message.__notJson}`).toBeUndefined();
    expect(validator.message(message), JSON.stringify(message).slice(0, 300)).toEqual([]);
  }
}

export function expectNoStackTrace(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).not.toMatch(/^\s+at /m);
}

export const ofType = (result: CliResult, type: string) => result.messages.filter((m) => m.type === type);

/** The distinct @calabi/kernel folders `npm ls` finds in an installed project (one means one kernel). */
export function kernelCopies(prefix: string): Set<string> {
  const ls = spawnSync("npm", ["ls", "@calabi/kernel", "--all", "--parseable", "--prefix", prefix], { encoding: "utf8" });
  return new Set(ls.stdout.split("\n").filter((l) => l.endsWith(join("node_modules", "@calabi", "kernel"))));
}
