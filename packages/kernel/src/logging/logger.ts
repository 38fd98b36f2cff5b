import type { Logger, LogLevel } from "../contracts/logger.js";
import { redactor } from "../util/redactor.js";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogWriter = (level: LogLevel, line: string) => void;

/** A logger that formats `message key=value…`, drops levels below `level`, and redacts secrets. */
export function createLogger(write: LogWriter, level: LogLevel = "info"): Logger {
  const log = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const suffix = fields && Object.keys(fields).length > 0 ? " " + formatFields(fields) : "";
    write(at, redactor.redact(message + suffix));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export const silentLogger: Logger = createLogger(() => undefined, "error");
