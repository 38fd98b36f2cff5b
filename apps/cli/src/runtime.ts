import type { AirbyteMessage, Logger, LogLevel } from "@calabi/kernel";
import { LineWriter, serializeMessage } from "./io.js";
import { loadKernel, redact } from "./kernel.js";

export interface GlobalOptions {
  logLevel: LogLevel;
  plugins?: string;
  source?: string;
}

/** What every command gets: the two output streams and the global options. */
export class Runtime {
  readonly out: LineWriter;
  readonly err: LineWriter;
  readonly stderrIsTTY: boolean;
  /** Set once the command writes protocol messages, so top-level errors also go out as TRACE. */
  protocol = false;

  constructor(
    readonly options: GlobalOptions,
    stdout: NodeJS.WritableStream = process.stdout,
    stderr: NodeJS.WritableStream = process.stderr,
  ) {
    this.out = new LineWriter(stdout);
    this.err = new LineWriter(stderr);
    this.stderrIsTTY = Boolean((stderr as { isTTY?: boolean }).isTTY);
  }

  /** One protocol message on stdout (JSON, one line). */
  emit(message: AirbyteMessage): Promise<void> {
    return this.out.write(serializeMessage(message));
  }

  /** One line of text for humans on stderr, secrets masked. */
  warn(line: string): Promise<void> {
    return this.err.write(redact(line));
  }

  /** A logger for protocol commands: log lines become LOG messages on stdout. */
  async protocolLogger(): Promise<Logger> {
    const { createLogger, logMessage } = await loadKernel();
    return createLogger((level, line) => {
      void this.emit(logMessage(level.toUpperCase() as "DEBUG" | "INFO" | "WARN" | "ERROR", line));
    }, this.options.logLevel);
  }

  /** A config problem for a protocol command: a TRACE ERROR config_error on stdout, and the line on stderr. */
  async protocolProblem(message: string): Promise<void> {
    const safe = redact(message);
    await this.emit({ type: "TRACE", trace: { type: "ERROR", emitted_at: Date.now(), error: { message: safe, failure_type: "config_error" } } });
    await this.warn(`calabi: ${safe}`);
  }

  async flush(): Promise<void> {
    await Promise.all([this.out.flushed(), this.err.flushed()]);
  }
}
