/**
 * One kernel per process. Plugins take `@calabi/kernel` as a peer, but a plugin installed from a
 * folder (`npm install ../my-plugin`) or with a version skew may find its own copy first; two
 * copies mean two sets of classes and tokens. Before any plugin is imported, a module-resolution
 * hook sends every `@calabi/kernel` import (and its subpaths) to the copy this CLI runs on.
 * (Error kinds and tokens are also recognised across copies by their brands, as a second line.)
 *
 * The hook runs on a loader thread of its own (a second V8 isolate: about 13 MB and 0.3 s of CPU
 * at start-up, and a round trip per module resolved), so it is registered only when some plugin
 * would find another copy (or none) where Node looks for `@calabi/kernel` from its folder.
 */
import { existsSync, realpathSync } from "node:fs";
import { register } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let registered = false;

export function useOneKernel(pluginDirs: readonly string[]): void {
  if (registered) return;
  // Run from its TypeScript sources (this package's in-process tests), the test runner resolves
  // modules itself; the hook is for the built CLI.
  if (import.meta.url.endsWith(".ts")) return;
  const own = kernelSeenFrom(dirname(fileURLToPath(import.meta.url)));
  if (own !== undefined && pluginDirs.every((dir) => kernelSeenFrom(dir) === own)) return;
  registered = true;
  register("./kernel-resolve-hook.js", import.meta.url, { data: { parentURL: import.meta.url } });
}

/**
 * The real directory of the `@calabi/kernel` a bare import from `start` finds: the nearest
 * `node_modules/@calabi/kernel` in `start` or above (Node's lookup for packages), or undefined.
 */
export function kernelSeenFrom(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "@calabi", "kernel");
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}
