import type { AirbyteMessage } from "@calabi/kernel";
import { redact } from "./kernel.js";

/**
 * Writes whole lines to a stream in order, honouring backpressure: a write resolves at once while the
 * stream's buffer has room and waits for `drain` when it is full. `flushed()` resolves when every line
 * written so far has been handed to the operating system.
 */
export class LineWriter {
  private last: Promise<void> = Promise.resolve();
  private closed = false;

  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly stream: NodeJS.WritableStream) {
    // EPIPE (the reader went away, e.g. `calabi read | head`): drop further output quietly.
    stream.on("error", () => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.closeListeners.splice(0)) listener();
    });
  }

  /** Called once if the reader goes away. */
  onClosed(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes one line (a newline is added). */
  write(line: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    let accepted = true;
    this.last = new Promise<void>((resolve) => {
      accepted = this.stream.write(line + "\n", () => resolve());
    });
    if (accepted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off("drain", done);
        this.stream.off("error", done);
        this.stream.off("close", done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("error", done);
      this.stream.on("close", done);
    });
  }

  /** Writes text as is (no newline): the live progress line on a terminal. */
  raw(text: string): void {
    if (this.closed) return;
    this.last = new Promise<void>((resolve) => {
      this.stream.write(text, () => resolve());
    });
  }

  /** Writes one line and resolves only once it has been handed to the operating system. */
  async writeAndWait(line: string): Promise<void> {
    await this.write(line);
    await this.flushed();
  }

  flushed(): Promise<void> {
    return this.last;
  }
}

/**
 * Serialises a protocol message for stdout. Everything except record data and the CONTROL config
 * (which must carry the rotated credentials to the platform) passes through the secret redactor.
 */
export function serializeMessage(message: AirbyteMessage): string {
  const text = JSON.stringify(message);
  if (message.type === "RECORD" || message.type === "CONTROL") return text;
  return redact(text);
}
