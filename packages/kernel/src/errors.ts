import type { FailureType } from "./contracts/http.js";

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
