/**
 * Every publishable package's README names everything it exports: each entry of its `exports` map
 * that has types is read with the TypeScript compiler (values and types alike), and each exported
 * name must appear in the README as a word. A new export without a line in the README fails here.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CLI_ROOT } from "./helpers.js";

const PACKAGES = resolve(CLI_ROOT, "..", "..", "packages");

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, string | { types?: string }>;
}

/** The names a built declaration file exports (re-exports followed), without `default`. */
function exportedNames(declarationFile: string): string[] {
  const program = ts.createProgram([declarationFile], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(declarationFile);
  if (!source) throw new Error(`${declarationFile} is missing: build the packages first`);
  const module = checker.getSymbolAtLocation(source);
  if (!module) return [];
  return checker.getExportsOfModule(module).map((symbol) => symbol.name).filter((name) => name !== "default");
}

const packages = (await readdir(PACKAGES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => join(PACKAGES, d.name));

describe("package READMEs name every export", () => {
  for (const dir of packages) {
    it(dir.slice(PACKAGES.length + 1), async () => {
      const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
      if (manifest.private) return;
      const readme = await readFile(join(dir, "README.md"), "utf8");
      const entries = Object.entries(manifest.exports ?? {}).filter(([, target]) => typeof target === "object" && target.types);
      expect(entries.length, `${manifest.name} has no typed export`).toBeGreaterThan(0);
      for (const [subpath, target] of entries) {
        const names = exportedNames(join(dir, (target as { types: string }).types));
        expect(names.length, `${manifest.name}${subpath.slice(1)} exports nothing`).toBeGreaterThan(0);
        const missing = names.filter((name) => !new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`).test(readme));
        expect(missing, `${manifest.name}${subpath.slice(1)}: exports its README does not name`).toEqual([]);
      }
    });
  }
});
