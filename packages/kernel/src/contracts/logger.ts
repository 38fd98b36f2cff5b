export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured logger. Implementations must pass every string through the secret redactor. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
