#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one plain summary line for CI:
// "N passed, N failed" (summed from each package's vitest JSON report).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packageDirs = ["packages", "apps", "examples", "."]
  .flatMap((group) => (group === "." ? ["bench"] : readdirSync(join(root, group)).map((name) => join(group, name))))
  .map((dir) => join(root, dir))
  .filter((dir) => existsSync(join(dir, "package.json")));
const reports = packageDirs.map((dir) => join(dir, ".vitest-report.json"));
for (const report of reports) rmSync(report, { force: true });

const turbo = spawnSync("pnpm", ["exec", "turbo", "run", "test", "--continue", "--concurrency=3", "--output-logs=new-only", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];
for (const report of reports) {
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests ?? 0;
  failed += (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  for (const file of json.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (["pending", "skipped", "todo"].includes(test.status)) skippedNames.push(`${file.name.slice(root.length)}: ${test.fullName}`);
    }
  }
}
if (turbo.status !== 0 && failed === 0) failed = 1; // a build or runner failure with no test counted
// Every skip is named, so a skip that should not happen is visible in the summary.
if (skippedNames.length > 0) console.log(`skipped:\n${skippedNames.map((n) => `  - ${n}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(turbo.status === 0 && failed === 0 ? 0 : 1);
