import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Path into the shared reference data that sits beside the repository (`../shared/reference`). */
export function referencePath(...parts: string[]): string {
  const fromEnv = process.env.CALABI_SHARED_DIR;
  if (fromEnv) return join(fromEnv, "reference", ...parts);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("repository root not found");
    dir = parent;
  }
  return resolve(dir, "..", "shared", "reference", ...parts);
}
