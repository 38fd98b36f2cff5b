/**
 * True for errors the user has to fix (bad config, catalog, state, flags). Duck-typed as well, since
 * a plugin may bring its own copy of the kernel, whose ConfigError class is a different object.
 */
export function isConfigError(error: unknown): error is Error {
  const e = error as { name?: unknown; failureType?: unknown } | null;
  return !!e && typeof e === "object" && (e.name === "ConfigError" || e.failureType === "config_error");
}

/** The message of an error, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Exit codes. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** The machine refused: a full disk, a read-only or forbidden path. */
  environment: 3,
  interrupted: 130,
} as const;
