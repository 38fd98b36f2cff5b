/**
 * Overwrite mode: records go to `<stream>.jsonl.staging`; a successful end fsyncs it and renames it
 * over `<stream>.jsonl` (then fsyncs the directory). A failed end, a close without end or a crash
 * leaves the previous `<stream>.jsonl` as it was; the staging file is removed (or, after a crash,
 * removed by the next open), and its name never ends in `.jsonl`.
 */
import type { Logger } from "@calabi/kernel";
import { durableRename, removeIfExists } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { LineWriter } from "./line-writer.js";
import type { SinkContext, StreamSink } from "./sink.js";

export class OverwriteSink implements StreamSink {
  readonly mode = "overwrite" as const;

  private constructor(
    private readonly context: SinkContext,
    private readonly files: StreamFiles,
    private readonly writer: LineWriter,
    private readonly logger: Logger,
  ) {}

  static async open(context: SinkContext, files: StreamFiles, logger: Logger): Promise<OverwriteSink> {
    await removeIfExists(files.staging);
    const writer = await LineWriter.open(files.staging, "w", context.bufferBytes);
    return new OverwriteSink(context, files, writer, logger);
  }

  write(line: string): Promise<void> {
    return this.writer.append(line);
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
      await durableRename(this.files.staging, this.files.data, this.context.dir);
    } catch (error) {
      await this.writer.discard().catch(() => undefined);
      await removeIfExists(this.files.staging).catch(() => undefined);
      throw error;
    }
  }
}
