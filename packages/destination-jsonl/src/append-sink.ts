/**
 * Append mode: records are appended to `<stream>.jsonl`. At open, an unterminated last line (left
 * by a writer killed mid-write, hence never flushed) is cut off so the file stays valid JSONL.
 * Delivery is at-least-once: records written after the last committed checkpoint of a killed run
 * are read and appended again by the next run.
 */
import type { Logger } from "@calabi/kernel";
import { truncateTornTail } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { LineWriter } from "./line-writer.js";
import type { SinkContext, StreamSink } from "./sink.js";

export class AppendSink implements StreamSink {
  readonly mode = "append" as const;

  private constructor(private readonly writer: LineWriter) {}

  static async open(context: SinkContext, files: StreamFiles, logger: Logger): Promise<AppendSink> {
    const torn = await truncateTornTail(files.data);
    if (torn > 0) {
      logger.warn("Removed an unflushed partial last line left by an interrupted run", {
        stream: context.stream,
        bytes: torn,
      });
    }
    return new AppendSink(await LineWriter.open(files.data, "a", context.bufferBytes));
  }

  write(line: string): Promise<void> {
    return this.writer.append(line);
  }

  sync(): Promise<void> {
    return this.writer.sync();
  }

  async end(): Promise<void> {
    try {
      await this.writer.sync();
    } catch (error) {
      await this.writer.discard().catch(() => undefined);
      throw error;
    }
    await this.writer.close();
  }
}
