/**
 * The kernel, loaded on first use: `--help`, `--version` and usage errors answer without paying for
 * it (undici, zod, bottleneck...). Every command loads it before it runs.
 */
export type Kernel = typeof import("@calabi/kernel");

let loading: Promise<Kernel> | undefined;
let loaded: Kernel | undefined;

export function loadKernel(): Promise<Kernel> {
  loading ??= import("@calabi/kernel").then((k) => (loaded = k));
  return loading;
}

/** Masks registered secrets once the kernel is loaded (nothing is registered before that). */
export function redact(text: string): string {
  return loaded ? loaded.redactor.redact(text) : text;
}

/** A full disk, a read-only or forbidden path, in plain words (undefined before the kernel loads, or for other errors). */
export function describeSystemError(error: unknown): string | undefined {
  return loaded?.describeSystemError(error);
}
