/**
 * Release hygiene for every published workspace package (the example plugins in examples/ too):
 * publint finds nothing (not even a suggestion) in its package.json and packed files, and it has a README.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, it } from "vitest";
import { CLI_ROOT } from "./helpers.js";

const REPO = resolve(CLI_ROOT, "..", "..");
const published = ["packages", "apps", "examples"]
  .flatMap((group) => readdirSync(join(REPO, group)).map((name) => join(REPO, group, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ pkg }) => !pkg.private);

describe("published packages", () => {
  it("are all found", () => expect(published.length).toBeGreaterThanOrEqual(8));

  it.each(published.map((p) => [p.pkg.name, p] as const))("%s passes publint and has a README", async (_name, { dir, pkg }) => {
    const { messages } = await publint({ pkgDir: dir, level: "suggestion", strict: false });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`)).toEqual([]);
    expect(existsSync(join(dir, "README.md"))).toBe(true);
  });
});
