/**
 * A buffered, append-only writer of newline-terminated lines to one file.
 *
 * - `append` only copies the line into memory; once `bufferBytes` are waiting it writes them out
 *   and the returned promise resolves after that write (backpressure for callers that await).
 * - `sync` writes out what is buffered and fsyncs, but only when bytes were written since the
 *   last fsync.
 * - Every file operation runs on one serial chain, so writes land in call order and each batch
 *   ends on a line boundary. The first failure poisons the writer: what is on disk is then
 *   unknown, so every later call rejects with that error.
 */
import { open, type FileHandle } from "node:fs/promises";

export const DEFAULT_BUFFER_BYTES = 256 * 1024;

export class LineWriter {
  private pending: (string | Buffer)[] = [];
  private pendingHasBytes = false;
  private pendingBytes = 0;
  private unsynced = false;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closed = false;
  private written = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly bufferBytes: number,
  ) {}

  /** Opens `path` for appending ("a") or truncated ("w"); creates it when absent. */
  static async open(path: string, mode: "a" | "w", bufferBytes = DEFAULT_BUFFER_BYTES): Promise<LineWriter> {
    if (!Number.isInteger(bufferBytes) || bufferBytes < 1) {
      throw new RangeError(`bufferBytes must be a positive integer, got ${bufferBytes}`);
    }
    return new LineWriter(await open(path, mode), path, bufferBytes);
  }

  /** Bytes handed to the operating system so far by this writer. */
  get bytesWritten(): number {
    return this.written;
  }

  /** Bytes buffered in memory, not yet written. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Queues one line; `line` must not contain a newline (one is added). */
  append(line: string): Promise<void> {
    this.assertUsable();
    this.pending.push(line, "\n");
    this.pendingBytes += Buffer.byteLength(line, "utf8") + 1;
    if (this.pendingBytes >= this.bufferBytes) return this.drain();
    return Promise.resolve();
  }

  /** Queues one line given as UTF-8 bytes (no newline); the bytes are copied. */
  appendBytes(line: Uint8Array): Promise<void> {
    this.assertUsable();
    this.pending.push(Buffer.from(line), "\n");
    this.pendingHasBytes = true;
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= this.bufferBytes) return this.drain();
    return Promise.resolve();
  }

  /** Writes buffered lines to the file (not necessarily to the disk). */
  drain(): Promise<void> {
    return this.enqueue(() => this.writePending());
  }

  /** Resolves once every line appended before the call is on disk. */
  sync(): Promise<void> {
    return this.enqueue(async () => {
      await this.writePending();
      if (this.unsynced) {
        await this.handle.sync();
        this.unsynced = false;
      }
    });
  }

  /**
   * Makes every appended line durable, then closes the file. If the fsync fails, the file's tail is
   * in an unknown state: the buffer is dropped, the file closed, and the error rethrown.
   */
  async finish(): Promise<void> {
    try {
      await this.sync();
    } catch (error) {
      await this.discard().catch(() => undefined);
      throw error;
    }
    await this.close();
  }

  /** Writes buffered lines and closes the file (no fsync: call `sync` first for durability). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.drain();
    } finally {
      this.closed = true;
      await this.handle.close();
    }
  }

  /** Closes the file, dropping whatever is still buffered. */
  async discard(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.pendingHasBytes = false;
    this.pendingBytes = 0;
    await this.chain.catch(() => undefined);
    await this.handle.close();
  }

  private assertUsable(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error(`Writer for ${this.path} is closed`);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    try {
      this.assertUsable();
    } catch (error) {
      return Promise.reject(error);
    }
    const run = this.chain
      .then(() => {
        // A step queued before an earlier one failed must not run on a file in an unknown state.
        if (this.failure !== undefined) throw this.failure;
        return step();
      })
      .catch((error: unknown) => {
        // A file handle's errors (ENOSPC, EIO) carry no path; name the file so the user knows where.
        const errno = error as NodeJS.ErrnoException | null;
        if (errno && typeof errno === "object" && typeof errno.code === "string" && errno.path === undefined) errno.path = this.path;
        this.failure ??= error;
        throw this.failure;
      });
    // The chain itself never rejects (no unhandled rejections); callers get `run`.
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = this.pendingHasBytes
      ? Buffer.concat(this.pending.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)))
      : Buffer.from((this.pending as string[]).join(""), "utf8");
    this.pending = [];
    this.pendingHasBytes = false;
    this.pendingBytes = 0;
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
      this.unsynced = true;
    }
    this.written += data.length;
  }
}
