import type { FailureType } from "./contracts/http.js";

/**
 * Error kinds are recognised by a brand, not by class identity: a plugin that resolved its own copy
 * of the kernel (a linked install, a version skew) throws errors of *its* copy's classes, and the
 * runner must still see a SkipError as a skip. Each class marks its instances with a
 * `Symbol.for` key shared by every copy, and `instanceof` checks that mark.
 */
const BRAND_PREFIX = "@calabi/kernel/v1:error:";

function brand(cls: abstract new (...args: any[]) => Error, name: string): void {
  const key = Symbol.for(`${BRAND_PREFIX}${name}`);
  Object.defineProperty(cls.prototype, key, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      // A subclass declared elsewhere (a plugin's own error) inherits this static: it keeps the
      // ordinary prototype check.
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, value);
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[key] === true;
    },
  });
}

/** Whether a value carries a kernel error brand (any copy of the kernel). */
export function isKernelError(value: unknown, name: "ConnectorError" | "ConfigError" | "HttpFailure" | "SkipError" | "TruncatedBodyError"): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[Symbol.for(`${BRAND_PREFIX}${name}`)] === true;
}

/** An error whose message is safe to show a user (no secrets, no stack needed). */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly failureType: FailureType = "system_error",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConnectorError";
  }
}

/** Bad configuration, catalog, state or flags: the user has to change something. */
export class ConfigError extends ConnectorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "config_error", options);
    this.name = "ConfigError";
  }
}

/** The API answered with something the classifier decided to fail on. */
export class HttpFailure extends ConnectorError {
  constructor(
    message: string,
    failureType: FailureType,
    readonly status: number | undefined,
    /** URL without query string (query values may identify records, never secrets, but keep logs short). */
    readonly path: string,
  ) {
    super(message, failureType);
    this.name = "HttpFailure";
  }
}

/** Not a failure: the stream (or one partition) is unavailable and is skipped with a WARN. */
export class SkipError extends Error {
  constructor(
    readonly scope: "stream" | "partition",
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SkipError";
  }
}

/** The response body ended early or is not the JSON it claims to be: retried like a reset. */
export class TruncatedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TruncatedBodyError";
  }
}

brand(ConnectorError, "ConnectorError");
brand(ConfigError, "ConfigError");
brand(HttpFailure, "HttpFailure");
brand(SkipError, "SkipError");
brand(TruncatedBodyError, "TruncatedBodyError");
