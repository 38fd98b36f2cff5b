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
/** The largest reusable byte buffer `appendLines` keeps (a 1,000-record page needs about 5 MiB). */
const MAX_SCRATCH_BYTES = 16 * 1024 * 1024;

export class LineWriter {
  private pending: (string | Buffer)[] = [];
  private pendingBytes = 0;
  /** Reused by `appendLines` for large batches; busy while its bytes wait for or are in a write. */
  private scratch = Buffer.alloc(0);
  private scratchBusy = false;
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

  /**
   * Queues lines (no newlines inside; one is added to each). A batch larger than the buffer is
   * encoded straight into a reusable byte buffer and written at once, after what was queued
   * before it; the promise resolves once it is written. Building one string of a whole page and
   * encoding that would cost a copy of the page's text first.
   */
  appendLines(lines: readonly string[]): Promise<void> {
    this.assertUsable();
    let bound = 0;
    for (const line of lines) bound += line.length * 3 + 1; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (bound < this.bufferBytes) {
      for (const line of lines) {
        this.pending.push(line, "\n");
        this.pendingBytes += Buffer.byteLength(line, "utf8") + 1;
      }
      return this.pendingBytes >= this.bufferBytes ? this.drain() : Promise.resolve();
    }
    // A batch above MAX_SCRATCH_BYTES (a huge page) gets a buffer of its own, not kept afterwards.
    const useScratch = !this.scratchBusy && bound <= MAX_SCRATCH_BYTES;
    if (useScratch && this.scratch.length < bound) this.scratch = Buffer.allocUnsafeSlow(bound);
    const target = useScratch ? this.scratch : Buffer.allocUnsafeSlow(bound);
    if (useScratch) this.scratchBusy = true;
    let size = 0;
    for (const line of lines) {
      size += target.write(line, size, "utf8");
      target[size++] = 10;
    }
    const earlier = this.takePending();
    return this.enqueue(async () => {
      await this.writeParts(earlier);
      await this.writeBuffer(target.subarray(0, size));
    }).finally(() => {
      if (useScratch) this.scratchBusy = false;
    });
  }

  /** Queues one line given as UTF-8 bytes (no newline); the bytes are copied. */
  appendBytes(line: Uint8Array): Promise<void> {
    this.assertUsable();
    this.pending.push(Buffer.from(line), "\n");
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
    this.takePending();
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

  /** Takes what is queued, for a write step. */
  private takePending(): (string | Buffer)[] {
    const parts = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return parts;
  }

  private writePending(): Promise<void> {
    return this.writeParts(this.takePending());
  }

  private async writeParts(parts: (string | Buffer)[]): Promise<void> {
    if (parts.length === 0) return;
    const data = parts.every((part) => typeof part === "string")
      ? Buffer.from((parts as string[]).join(""), "utf8")
      : Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)));
    await this.writeBuffer(data);
  }

  private async writeBuffer(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
      this.written += bytesWritten;
      this.unsynced = true;
    }
  }
}
