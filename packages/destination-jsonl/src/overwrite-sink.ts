/**
 * Overwrite mode: records go to `<stream>.jsonl.staging`; a successful end fsyncs it and renames it
 * over `<stream>.jsonl` (then fsyncs the directory). A failed end, a close without end or a crash
 * leaves the previous `<stream>.jsonl` as it was; the staging file is removed (or, after a crash,
 * removed by the next open), and its name never ends in `.jsonl`.
 *
 * Deletions: the new file holds only what the source has now, so a deletion removes the versions
 * of its key staged before it (a record read earlier in the same run). They are remembered in
 * memory (key → lines staged before the deletion) and filtered out by one pass over the staging
 * file before the swap; a run without deletions skips that pass.
 */
import { open } from "node:fs/promises";
import type { Logger, StreamRecord } from "@calabi/kernel";
import { durableRename, removeIfExists } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { parseRecordLine } from "./json-line.js";
import { readLines } from "./line-reader.js";
import { LineWriter } from "./line-writer.js";
import { primaryKeyOf, type KeyPaths } from "./primary-key.js";
import type { SinkContext, StreamSink } from "./sink.js";

export class OverwriteSink implements StreamSink {
  readonly mode = "overwrite" as const;
  private lines = 0;
  /** Key → number of lines staged before its (latest) deletion. */
  private readonly deletedBefore = new Map<string, number>();

  private constructor(
    private readonly context: SinkContext,
    private readonly files: StreamFiles,
    private readonly keyPaths: KeyPaths,
    private readonly writer: LineWriter,
    private readonly logger: Logger,
  ) {}

  static async open(context: SinkContext, files: StreamFiles, keyPaths: KeyPaths, logger: Logger): Promise<OverwriteSink> {
    await removeIfExists(files.staging);
    const writer = await LineWriter.open(files.staging, "w", context.bufferBytes);
    return new OverwriteSink(context, files, keyPaths, writer, logger);
  }

  write(lines: readonly string[], records: readonly StreamRecord[]): Promise<void> {
    this.lines += records.length;
    return this.writer.appendLines(lines);
  }

  async delete(_line: string, key: string): Promise<void> {
    this.deletedBefore.set(key, this.lines);
  }

  sync(): Promise<void> {
    return this.writer.sync();
  }

  async end(succeeded: boolean): Promise<void> {
    if (!succeeded) {
      await this.writer.discard();
      await removeIfExists(this.files.staging);
      this.logger.warn("Stream did not succeed: previous output kept, staged records discarded", {
        stream: this.context.stream,
      });
      return;
    }
    try {
      await this.writer.finish();
      if (this.deletedBefore.size > 0) await this.removeDeleted();
      await durableRename(this.files.staging, this.files.data, this.context.dir);
    } catch (error) {
      await this.writer.discard().catch(() => undefined);
      await removeIfExists(this.files.staging).catch(() => undefined);
      await removeIfExists(this.files.compacting).catch(() => undefined);
      throw error;
    }
  }

  /** Rewrites the staging file without the lines that a later deletion of their key removed. */
  private async removeDeleted(): Promise<void> {
    const source = await open(this.files.staging, "r");
    const writer = await LineWriter.open(this.files.compacting, "w", this.context.bufferBytes);
    let index = 0;
    let removed = 0;
    try {
      for await (const line of readLines(source)) {
        const record = parseRecordLine(line.bytes.toString("utf8"));
        const key = record === undefined ? undefined : primaryKeyOf(record, this.keyPaths);
        const before = key === undefined ? undefined : this.deletedBefore.get(key);
        if (before !== undefined && index < before) removed++;
        else await writer.appendBytes(line.bytes);
        index++;
      }
      await writer.finish();
    } catch (error) {
      await writer.discard().catch(() => undefined);
      throw error;
    } finally {
      await source.close();
    }
    await durableRename(this.files.compacting, this.files.staging, this.context.dir);
    this.logger.debug("Removed records deleted at the source from the new version", { stream: this.context.stream, removed });
  }
}
