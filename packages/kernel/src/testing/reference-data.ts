import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The shared reference folder (`../shared/reference` from the repo root), if present on this machine. */
export const referenceDir: string =
  process.env.CALABI_REFERENCE_DIR ?? fileURLToPath(new URL("../../../../../shared/reference/", import.meta.url));

export const hasReference = existsSync(referenceDir);

export function readReference(relative: string): any {
  return JSON.parse(readFileSync(join(referenceDir, relative), "utf8"));
}

/** Recorded exchanges of one cassette file (path relative to the reference folder): `{ uri, status, body }` in order. */
export function recorded(relative: string): { uri: string; status: number; body: any }[] {
  const file = readReference(relative);
  return file.interactions.map((i: any) => ({ uri: i.request.uri, status: i.response.status.code, body: i.response.body }));
}
