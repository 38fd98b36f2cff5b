import { ConfigError } from "@calabi/kernel";

/** Bad command-line usage (unknown flag, missing argument...): exit 2 like other config problems. */
export class UsageError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * True for errors the user has to fix (bad config, catalog, state, flags). Duck-typed as well, since
 * a plugin may bring its own copy of the kernel, whose ConfigError class is a different object.
 */
export function isConfigError(error: unknown): error is Error {
  if (error instanceof ConfigError) return true;
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
  interrupted: 130,
} as const;
