/**
 * The machine refusing (a full disk) is told in plain words, with the path, exit 3 and the summary of
 * what completed — not as an "Unexpected error". The disk is a 64 KiB tmpfs filled up before the
 * sync, which needs root (CI runs as root).
 */
import { execFileSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoStackTrace, FAKE_PLUGINS, runCli, tempDir, writeJson } from "./helpers.js";

let dir: string;
let disk: string;
let mounted = false;

beforeAll(async () => {
  dir = await tempDir();
  disk = join(dir, "tiny-disk");
  await mkdir(disk);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk], { stdio: "ignore" });
    mounted = true;
  } catch (error) {
    // In CI the runner is root and must be able to mount; elsewhere a non-root developer skips.
    if (process.env.CI) throw new Error(`mounting a tmpfs for the full-disk test failed (CI runs as root): ${(error as Error).message}`);
  }
});

afterAll(async () => {
  if (mounted) execFileSync("umount", [disk], { stdio: "ignore" });
  await rm(dir, { recursive: true, force: true });
});

describe("environment errors", () => {
  // Skips only outside CI, when this user may not mount a tmpfs (not root).
  it.skipIf(!process.env.CI && process.getuid?.() !== 0)("a full disk: a plain message naming the file, exit 3, the summary still printed", async () => {
    expect(mounted).toBe(true);
    await mkdir(join(disk, "out"));
    await writeFile(join(disk, "filler"), Buffer.alloc(60 * 1024));
    const config = await writeJson(join(dir, "config.json"), { subdomain: "acme", api_token: "sekrit-XYZ-123" });
    const result = await runCli(["--plugins", FAKE_PLUGINS, "sync", "--config", config, "--output", join(disk, "out"), "--streams", "beta"], {
      env: { CALABI_PROGRESS_INTERVAL_MS: "0" },
    });
    expect(result.code).toBe(3);
    expectNoStackTrace(result);
    expect(result.stderr).not.toMatch(/Unexpected error/);
    expect(result.stderr).toMatch(/The disk is full \(writing .*out\/beta\.jsonl[^)]*\); free some space or choose another --output/);
    expect(result.stderr).toMatch(/stream\s+status\s+records/);
    expect(result.stderr).toMatch(/beta\s+failed\s+6/);
    expect(result.stdout).toBe("");
  });
});
