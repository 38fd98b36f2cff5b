import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's temporary folder: every `tempDir` of the tests is made inside it, and it is removed at the end. */
    calabiTmp: string;
  }
}

const root = resolve(import.meta.dirname, "..");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The tests spawn the built CLI: rebuild it when src is newer than dist. One temporary folder for the run, removed after it. */
export default function setup(project: TestProject): () => void {
  const main = join(root, "dist", "main.js");
  if (!existsSync(main) || newest(join(root, "dist")) < newest(join(root, "src"))) {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
  }
  const tmp = mkdtempSync(join(tmpdir(), "calabi-cli-tests-"));
  project.provide("calabiTmp", tmp);
  return () => rmSync(tmp, { recursive: true, force: true });
}
