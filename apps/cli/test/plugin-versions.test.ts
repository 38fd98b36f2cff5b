/**
 * What `calabi plugins` shows is what is installed: every plugin package of the workspace (packages/
 * and examples/) exports a plugin whose `name` and `version` are its package.json's, and the image is
 * labelled with the CLI's version, so a release that bumps versions cannot leave either behind.
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

describe("the image", () => {
  it("is labelled with the CLI's version (Dockerfile ARG VERSION, the README's tags)", () => {
    const cli = JSON.parse(readFileSync(join(CLI_ROOT, "package.json"), "utf8")).version;
    const dockerfile = readFileSync(join(REPO, "Dockerfile"), "utf8");
    expect(/^ARG VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(cli);
    const tags = [...readFileSync(join(REPO, "README.md"), "utf8").matchAll(/calabi\/source-zendesk-support:(\S+)/g)].map((m) => m[1]);
    expect(tags.length).toBeGreaterThan(0);
    expect(new Set(tags)).toEqual(new Set([cli]));
  });
});
