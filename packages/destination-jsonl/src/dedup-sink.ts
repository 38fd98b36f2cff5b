/**
 * Append-dedup mode: records are appended to the journal `<stream>.jsonl.incoming` (durable at
 * every flush); the end of the stream compacts the journal into `<stream>.jsonl` (see
 * compaction.ts). The visible file only ever changes by an atomic rename of a complete, fsynced
 * file. A journal left by a killed run is compacted by the next open, before anything is written.
 */
import { stat } from "node:fs/promises";
import type { Logger, StreamRecord } from "@calabi/kernel";
import { compact } from "./compaction.js";
import { JournalKeys } from "./journal-keys.js";
import type { StreamFiles } from "./file-layout.js";
import { LineWriter } from "./line-writer.js";
import type { KeyPaths } from "./primary-key.js";
import type { SinkContext, StreamSink } from "./sink.js";

export class DedupSink implements StreamSink {
  readonly mode = "append_dedup" as const;
  /** The key hash of every line written, for the compaction; dropped if the journal was not empty. */
  private journalKeys: JournalKeys | undefined;

  private constructor(
    private readonly context: SinkContext,
    private readonly files: StreamFiles,
    private readonly keyPaths: KeyPaths,
    private readonly writer: LineWriter,
    private readonly logger: Logger,
    journalWasEmpty: boolean,
  ) {
    this.journalKeys = journalWasEmpty ? new JournalKeys(keyPaths, files.journalKeys) : undefined;
  }

  static async open(
    context: SinkContext,
    files: StreamFiles,
    keyPaths: KeyPaths,
    logger: Logger,
  ): Promise<DedupSink> {
    const writer = await LineWriter.open(files.journal, "a", context.bufferBytes);
    // Recovery has merged any journal of an earlier run, so this one starts empty.
    const empty = (await stat(files.journal)).size === 0;
    return new DedupSink(context, files, keyPaths, writer, logger, empty);
  }

  write(lines: readonly string[], records: readonly StreamRecord[]): Promise<void> {
    if (this.journalKeys) this.record((keys) => {
      for (const record of records) keys.addRecord(record);
    });
    return this.writer.appendLines(lines);
  }

  /** A tombstone in the journal: compaction removes the key (see compaction.ts). */
  delete(line: string): Promise<void> {
    this.record((keys) => keys.addUnknown());
    return this.writer.append(line);
  }

  /**
   * Records lines' keys; if that fails (the spill cannot write its temporary file, e.g. a full
   * disk), the keys are given up and the compaction parses the journal instead.
   */
  private record(add: (keys: JournalKeys) => void): void {
    const keys = this.journalKeys;
    if (!keys) return;
    try {
      add(keys);
    } catch (error) {
      this.journalKeys = undefined;
      keys.release();
      this.logger.debug("Gave up recording the journal's keys; the compaction will parse it", { stream: this.context.stream, error: String(error) });
    }
  }

  sync(): Promise<void> {
    return this.writer.sync();
  }

  /** Compacts whether or not the stream succeeded: written records are real either way. */
  async end(): Promise<void> {
    // On a failed fsync the journal's tail is left to the next open's recovery.
    await this.writer.finish();
    // The recorded keys describe the journal only if it holds exactly the bytes written here.
    const journalKeys = this.journalKeys;
    this.journalKeys = undefined;
    const exact = journalKeys !== undefined && (await stat(this.files.journal)).size === this.writer.bytesWritten;
    if (!exact) journalKeys?.release();
    const result = await compact({
      ...(exact ? { journalKeys } : {}),
      stream: this.context.stream,
      dir: this.context.dir,
      files: this.files,
      keyPaths: this.keyPaths,
      logger: this.logger,
      bufferBytes: this.context.bufferBytes,
    });
    this.logger.debug("Compacted stream", { stream: this.context.stream, ...result });
  }
}
