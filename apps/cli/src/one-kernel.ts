/**
 * One kernel per process. Plugins take `@calabi/kernel` as a peer, but a plugin installed from a
 * folder (`npm install ../my-plugin`) or with a version skew may find its own copy first; two
 * copies mean two sets of classes and tokens. Before any plugin is imported, a module-resolution
 * hook sends every `@calabi/kernel` import (and its subpaths) to the copy this CLI runs on.
 * (Error kinds and tokens are also recognised across copies by their brands, as a second line.)
 */
import { register } from "node:module";

let registered = false;

export function useOneKernel(): void {
  if (registered) return;
  registered = true;
  // Run from its TypeScript sources (this package's in-process tests), the test runner resolves
  // modules itself; the hook is for the built CLI.
  if (import.meta.url.endsWith(".ts")) return;
  register("./kernel-resolve-hook.js", import.meta.url, { data: { parentURL: import.meta.url } });
}
