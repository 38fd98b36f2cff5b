/**
 * The launcher's memory settings (bin/heap.js): the startup flag in the shebang (and in the image's
 * entrypoint), the run-time flag and its override, and that neither stops a page as large as the
 * HTTP client accepts (128 MiB) from being parsed.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BIN, CLI_ROOT } from "./helpers.js";
// @ts-expect-error -- plain JavaScript module of the bin folder, no declarations
import { STARTUP_FLAGS, tuneHeap } from "../bin/heap.js";

const HEAP_JS = join(CLI_ROOT, "bin", "heap.js");

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("launcher memory settings", () => {
  it("sets the heap growing flag at run time, and nothing with CALABI_HEAP=default", () => {
    const set: string[] = [];
    const v8 = { setFlagsFromString: (flag: string) => set.push(flag) };
    expect(tuneHeap({}, v8)).toEqual(["--heap-growing-percent=100"]);
    expect(set).toEqual(["--heap-growing-percent=100"]);
    set.length = 0;
    expect(tuneHeap({ CALABI_HEAP: "default" }, v8)).toEqual([]);
    expect(set).toEqual([]);
  });

  it("passes the startup flags in the bin's shebang and in the image's entrypoint", async () => {
    const [shebang] = (await readFile(BIN, "utf8")).split("\n");
    expect(shebang).toBe(`#!/usr/bin/env -S node ${STARTUP_FLAGS.join(" ")}`);
    const entrypoint = await readFile(join(CLI_ROOT, "..", "..", "image", "entrypoint.sh"), "utf8");
    expect(entrypoint).toContain(`exec node ${STARTUP_FLAGS.join(" ")} "$home/node_modules/@calabi/cli/bin/calabi.js" "$@"`);
  });

  // Skipped on Windows only, which has no shebangs (npm starts the bin through a cmd shim that reads
  // the flags itself); CI runs on Linux, where this always runs.
  it.skipIf(process.platform === "win32")("run as a command, the CLI's Node is started with the startup flag", async () => {
    const dir = await mkdtemp(join(tmpdir(), "calabi-launcher-"));
    try {
      const probe = join(dir, "probe.mjs");
      const out = join(dir, "out.json");
      await writeFile(
        probe,
        `import { writeFileSync } from "node:fs";
         process.on("exit", () => writeFileSync(${JSON.stringify(out)}, JSON.stringify({ execArgv: process.execArgv })));`,
      );
      // The bin itself as the command: the kernel runs its shebang.
      const result = await run(BIN, ["--version"], { NODE_OPTIONS: `--import ${pathToFileURL(probe).href}` });
      expect(result.code, result.stderr).toBe(0);
      const seen = JSON.parse(await readFile(out, "utf8"));
      expect(seen.execArgv).toEqual(expect.arrayContaining(STARTUP_FLAGS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("still parses a 128 MiB page (the HTTP client's largest) with these settings", async () => {
    const script = `
      import v8 from "node:v8";
      import { tuneHeap } from ${JSON.stringify(pathToFileURL(HEAP_JS).href)};
      tuneHeap({}, v8);
      const record = JSON.stringify({ id: 1, description: "x".repeat(2000) });
      const count = Math.ceil((128 * 1024 * 1024) / (record.length + 1));
      const text = '{"tickets":[' + new Array(count).fill(record).join(",") + "]}";
      if (text.length < 128 * 1024 * 1024) process.exit(3);
      const page = JSON.parse(text);
      process.exit(page.tickets.length === count ? 0 : 2);`;
    const result = await run(process.execPath, [...STARTUP_FLAGS, "--input-type=module", "-e", script]);
    expect(result.code, result.stderr).toBe(0);
  });
});
