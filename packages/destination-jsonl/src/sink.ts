import type { DestinationSyncMode, StreamRecord } from "@calabi/kernel";

/** One configured stream's writing side; one implementation per destination sync mode. */
export interface StreamSink {
  readonly mode: DestinationSyncMode;
  /**
   * Queues serialized records: `lines[i]` is `records[i]` as JSON (no newline). Resolves when the
   * buffer has room again.
   */
  write(lines: readonly string[], records: readonly StreamRecord[]): Promise<void>;
  /**
   * A deletion at the source: `line` is the record with `_ab_cdc_deleted_at` set and `key` its
   * primary key. Dedup journals it as a tombstone, append logs it, overwrite filters it out.
   */
  delete(line: string, key: string): Promise<void>;
  /** Resolves once every line written before the call is on disk. */
  sync(): Promise<void>;
  /**
   * Finishes the stream and releases its files. `succeeded` says whether the stream's data is
   * complete; only overwrite mode treats the two cases differently.
   */
  end(succeeded: boolean): Promise<void>;
}

/** What every sink needs to know about its surroundings. */
export interface SinkContext {
  stream: string;
  /** The output directory (parent of every file of the stream). */
  dir: string;
  bufferBytes: number;
}
