import { readdir, readFile, realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

export const PLUGIN_KEYWORD = "calabi-plugin";

export interface PluginPackage {
  name: string;
  version: string;
  description?: string;
  /** Directory of the installed package (symlinks resolved). */
  dir: string;
  /** Absolute path of the ESM entry module. */
  entry: string;
  /** Declared in package.json `calabi`: kind and, for stream plugins, the source they extend. */
  kind?: string;
  source?: string;
  /** The @calabi/kernel versions it was built for (its peer dependency range), when it declares one. */
  kernelRange?: string;
}

/**
 * Finds installed plugin packages without importing them: every package under a `node_modules`
 * folder of each start directory or its ancestors whose package.json has the keyword `calabi-plugin`.
 * The first copy found of a package name wins (nearest to the first start directory).
 */
export async function discoverPlugins(startDirs: string[]): Promise<PluginPackage[]> {
  const found = new Map<string, PluginPackage>();
  const visited = new Set<string>();
  for (const start of startDirs) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const modules = join(dir, "node_modules");
      if (!visited.has(modules)) {
        visited.add(modules);
        for (const pkgDir of await packageDirs(modules)) {
          const pkg = await readPluginPackage(pkgDir);
          if (pkg && !found.has(pkg.name)) found.set(pkg.name, pkg);
        }
      }
      if (dirname(dir) === dir) break;
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Resolves a package name (searching node_modules upwards from each start dir) or a path to a plugin package. */
export async function findPluginPackage(specifier: string, startDirs: string[]): Promise<PluginPackage | undefined> {
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    return readPluginPackage(resolve(specifier), { requireKeyword: false });
  }
  for (const start of startDirs) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const pkg = await readPluginPackage(join(dir, "node_modules", specifier), { requireKeyword: false });
      if (pkg) return pkg;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

async function packageDirs(modules: string): Promise<string[]> {
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      const scoped = await readdir(join(modules, entry.name)).catch(() => []);
      for (const name of scoped) dirs.push(join(modules, entry.name, name));
    } else {
      dirs.push(join(modules, entry.name));
    }
  }
  return dirs;
}

async function readPluginPackage(dir: string, options = { requireKeyword: true }): Promise<PluginPackage | undefined> {
  let json: any;
  try {
    json = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  const keywords: unknown = json.keywords;
  if (options.requireKeyword && !(Array.isArray(keywords) && keywords.includes(PLUGIN_KEYWORD))) return undefined;
  const realDir = await realpath(dir).catch(() => dir);
  return {
    name: String(json.name ?? dir),
    version: String(json.version ?? "0.0.0"),
    description: typeof json.description === "string" ? json.description : undefined,
    dir: realDir,
    entry: join(realDir, entryPath(json)),
    kind: typeof json.calabi?.kind === "string" ? json.calabi.kind : undefined,
    source: typeof json.calabi?.source === "string" ? json.calabi.source : undefined,
    kernelRange: kernelRangeOf(json),
  };
}

function entryPath(json: any): string {
  const root = json.exports?.["."] ?? json.exports;
  if (typeof root === "string") return root;
  if (root && typeof root === "object") {
    const target = root.import ?? root.default ?? root.node;
    if (typeof target === "string") return target;
    if (target && typeof target === "object" && typeof target.default === "string") return target.default;
  }
  return typeof json.main === "string" ? json.main : "index.js";
}

function kernelRangeOf(json: any): string | undefined {
  const range = json.peerDependencies?.["@calabi/kernel"] ?? json.dependencies?.["@calabi/kernel"];
  return typeof range === "string" ? range : undefined;
}
