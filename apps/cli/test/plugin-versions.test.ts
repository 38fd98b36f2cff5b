/**
 * What `calabi plugins` shows is what is installed: every plugin package of the workspace (packages/
 * and examples/) exports a plugin whose `name` and `version` are its package.json's, so a release
 * that bumps versions cannot leave a plugin reporting the old one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_ROOT } from "./helpers.js";

const REPO = resolve(CLI_ROOT, "..", "..");
const plugins = ["packages", "examples"]
  .flatMap((group) => readdirSync(join(REPO, group)).map((name) => join(REPO, group, name)))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ pkg }) => Array.isArray(pkg.keywords) && pkg.keywords.includes("calabi-plugin"));

describe("plugins report their package's name and version", () => {
  it("finds the workspace's plugins", () => {
    expect(plugins.length).toBeGreaterThanOrEqual(8);
  });
  for (const { dir, pkg } of plugins) {
    it(pkg.name, async () => {
      const entry = pkg.exports["."].import as string;
      const mod = await import(pathToFileURL(join(dir, entry)).href);
      expect({ name: mod.default.name, version: mod.default.version }).toEqual({ name: pkg.name, version: pkg.version });
    });
  }
});
