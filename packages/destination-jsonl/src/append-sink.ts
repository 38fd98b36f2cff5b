/**
 * Append mode: records are appended to `<stream>.jsonl` (whose torn last line, if a killed writer
 * left one, recovery has already repaired).
 * Delivery is at-least-once: records written after the last committed checkpoint of a killed run
 * are read and appended again by the next run.
 */
import type { StreamFiles } from "./file-layout.js";
import { LineWriter } from "./line-writer.js";
import type { SinkContext, StreamSink } from "./sink.js";

export class AppendSink implements StreamSink {
  readonly mode = "append" as const;

  private constructor(private readonly writer: LineWriter) {}

  /** Expects recovery (recovery.ts) to have repaired a torn last line of the data file. */
  static async open(context: SinkContext, files: StreamFiles): Promise<AppendSink> {
    return new AppendSink(await LineWriter.open(files.data, "a", context.bufferBytes));
  }

  write(lines: readonly string[]): Promise<void> {
    return this.writer.appendLines(lines);
  }

  /** Append keeps the log of changes: the deletion is logged as Airbyte's CDC record. */
  delete(line: string): Promise<void> {
    return this.writer.append(line);
  }

  sync(): Promise<void> {
    return this.writer.sync();
  }

  end(): Promise<void> {
    return this.writer.finish();
  }
}
