/**
 * The JSONL destination: one `<output>/<stream>.jsonl` per configured stream, one record object per
 * line. This class owns the life cycle (open → write/flush/endStream → close) and routes each
 * stream to the sink of its destination sync mode.
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  ConfigError,
  cdcDeletionRecord,
  type ConfiguredCatalog,
  type Deletion,
  type Destination,
  type DestinationOptions,
  type Logger,
  type StreamRecord,
} from "@calabi/kernel";
import { AppendSink } from "./append-sink.js";
import { DedupSink } from "./dedup-sink.js";
import { fsyncDirectory } from "./durable-fs.js";
import { streamFiles } from "./file-layout.js";
import { DEFAULT_BUFFER_BYTES } from "./line-writer.js";
import { OutputLock } from "./output-lock.js";
import { OverwriteSink } from "./overwrite-sink.js";
import { primaryKeyOf, resolvePrimaryKey, type KeyPaths } from "./primary-key.js";
import { recoverStream } from "./recovery.js";
import type { SinkContext, StreamSink } from "./sink.js";
import { streamNameProblem } from "./stream-name.js";

export interface JsonlDestinationOptions extends DestinationOptions {
  /** Bytes buffered per stream before they are written out (default 256 KiB). */
  bufferBytes?: number;
}

type Phase = "new" | "opening" | "open" | "closing" | "closed";

interface StreamSlot {
  sink: StreamSink;
  keyPaths: KeyPaths;
  /** Set by endStream (or close): settles when the stream's files are final. */
  ending?: Promise<void>;
  /** Set with `ending`: settles once the records written before the end are durable (never rejects). */
  synced?: Promise<void>;
}

interface PlannedStream {
  name: string;
  mode: "overwrite" | "append" | "append_dedup";
  keyPaths: KeyPaths;
}

const MODES = new Set(["overwrite", "append", "append_dedup"]);

function isPlainRecord(value: unknown): value is StreamRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the whole catalog before any file is touched. */
function planStreams(catalog: ConfiguredCatalog): PlannedStream[] {
  if (!catalog || !Array.isArray(catalog.streams)) {
    throw new ConfigError("The configured catalog has no `streams` list");
  }
  // Folded names: on case-insensitive or normalizing file systems (macOS, Windows) these collide.
  const seen = new Map<string, string>();
  return catalog.streams.map((configured, index) => {
    const name: unknown = configured?.stream?.name;
    const problem = streamNameProblem(name);
    if (problem !== undefined) {
      throw new ConfigError(`Catalog stream #${index} has an unusable name ${JSON.stringify(name)}: ${problem}`);
    }
    const streamName = name as string;
    const folded = streamName.normalize("NFC").toLowerCase();
    const clash = seen.get(folded);
    if (clash === streamName) throw new ConfigError(`Stream ${JSON.stringify(streamName)} is configured twice`);
    if (clash !== undefined) {
      throw new ConfigError(
        `Streams ${JSON.stringify(clash)} and ${JSON.stringify(streamName)} would share one file on ` +
          "case-insensitive file systems; rename one of them",
      );
    }
    seen.set(folded, streamName);
    const mode = configured.destination_sync_mode;
    if (!MODES.has(mode)) {
      throw new ConfigError(
        `Stream ${JSON.stringify(streamName)} has destination_sync_mode ${JSON.stringify(mode)}; ` +
          "the JSONL destination supports overwrite, append and append_dedup",
      );
    }
    let keyPaths: KeyPaths;
    try {
      keyPaths = resolvePrimaryKey(configured);
    } catch (error) {
      throw new ConfigError((error as Error).message, { cause: error });
    }
    if (mode === "append_dedup" && keyPaths.length === 0) {
      throw new ConfigError(
        `Stream ${JSON.stringify(streamName)} uses append_dedup but has no primary key ` +
          "(neither primary_key nor source_defined_primary_key)",
      );
    }
    return { name: streamName, mode, keyPaths };
  });
}

export class JsonlDestination implements Destination {
  readonly output: string;
  private readonly logger: Logger;
  private readonly bufferBytes: number;
  private readonly slots = new Map<string, StreamSlot>();
  private phase: Phase = "new";
  private lock: OutputLock | undefined;

  constructor(options: JsonlDestinationOptions) {
    if (typeof options?.output !== "string" || options.output.length === 0) {
      throw new ConfigError("The JSONL destination needs an output directory");
    }
    const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    if (!Number.isInteger(bufferBytes) || bufferBytes < 1) {
      throw new ConfigError(`bufferBytes must be a positive integer, got ${String(options.bufferBytes)}`);
    }
    this.output = resolve(options.output);
    this.logger = options.logger;
    this.bufferBytes = bufferBytes;
  }

  async open(catalog: ConfiguredCatalog): Promise<void> {
    if (this.phase !== "new") throw new Error(`JsonlDestination.open called twice (state: ${this.phase})`);
    this.phase = "opening";
    try {
      const planned = planStreams(catalog);
      await this.createOutputDirectory();
      this.lock = await OutputLock.acquire(this.output, this.logger);
      for (const stream of planned) {
        this.slots.set(stream.name, { sink: await this.openStream(stream), keyPaths: stream.keyPaths });
      }
      // New files (journals, staging files, fresh data files) must survive a power cut too.
      await fsyncDirectory(this.output);
      this.phase = "open";
    } catch (error) {
      await this.releaseAll();
      await this.lock?.release().catch(() => undefined);
      this.phase = "closed";
      throw error;
    }
  }

  write(stream: string, record: StreamRecord): Promise<void> {
    return this.writeMany(stream, [record]);
  }

  /** A page's records in one go: serialized, then handed to the sink as one write. */
  async writeMany(stream: string, records: readonly StreamRecord[]): Promise<void> {
    const slot = this.slotFor(stream, "write to");
    if (slot.ending !== undefined) throw new Error(`Cannot write to stream ${JSON.stringify(stream)}: it has ended`);
    const lines: string[] = [];
    for (const record of records) {
      if (!isPlainRecord(record)) {
        throw new TypeError(`A record of stream ${JSON.stringify(stream)} must be a JSON object`);
      }
      let line: unknown;
      try {
        line = JSON.stringify(record);
      } catch (error) {
        throw new TypeError(`A record of stream ${JSON.stringify(stream)} cannot be serialized to JSON`, {
          cause: error,
        });
      }
      // A `toJSON` may turn the record into something else; a line must stay one JSON object.
      if (typeof line !== "string" || line.charCodeAt(0) !== 123) {
        throw new TypeError(`A record of stream ${JSON.stringify(stream)} must be a JSON object`);
      }
      lines.push(line);
    }
    return slot.sink.write(lines, records);
  }

  /**
   * Applies a deletion at the source: append_dedup journals a tombstone (Airbyte's CDC record) that
   * compaction turns into the key's removal, append logs the CDC record, overwrite leaves the key
   * out of the new version. Needs the record's primary key.
   */
  async delete(stream: string, deletion: Deletion): Promise<void> {
    const slot = this.slotFor(stream, "delete from");
    if (slot.ending !== undefined) throw new Error(`Cannot delete from stream ${JSON.stringify(stream)}: it has ended`);
    const key = primaryKeyOf(deletion?.record, slot.keyPaths);
    if (key === undefined) {
      throw new TypeError(`A deletion in stream ${JSON.stringify(stream)} has no primary key value, so no record can be removed`);
    }
    return slot.sink.delete(JSON.stringify(cdcDeletionRecord(deletion)), key);
  }

  /**
   * Syncs every stream that has not ended. For a stream that is ending, waits only until its
   * records are durable, not for its swap or compaction; a failure there is reported by its
   * `endStream` and does not fail the flush of the other streams.
   */
  async flush(): Promise<void> {
    if (this.phase !== "open" && this.phase !== "closing") return;
    await Promise.all([...this.slots.values()].map((slot) => slot.synced ?? slot.sink.sync()));
  }

  endStream(stream: string, succeeded: boolean): Promise<void> {
    let slot: StreamSlot;
    try {
      slot = this.slotFor(stream, "end");
    } catch (error) {
      return Promise.reject(error);
    }
    return slot.ending ?? this.startEnding(slot, succeeded);
  }

  async close(): Promise<void> {
    if (this.phase === "closed" || this.phase === "closing") return;
    if (this.phase !== "open") {
      this.phase = "closed";
      return;
    }
    this.phase = "closing";
    const errors: unknown[] = [];
    // One stream at a time: compactions hold a key index each, so they do not run side by side.
    for (const [name, slot] of this.slots) {
      if (slot.ending !== undefined) {
        // Ended by endStream, which already reported any failure to its caller.
        await slot.ending.catch(() => undefined);
        continue;
      }
      if (slot.sink.mode === "overwrite") {
        this.logger.warn("Closing before the stream ended: previous output kept", { stream: name });
      }
      await this.startEnding(slot, false).catch((error: unknown) => void errors.push(error));
    }
    try {
      await this.lock?.release();
    } catch (error) {
      errors.push(error);
    }
    this.phase = "closed";
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, "Closing the JSONL destination failed for several streams");
  }

  /**
   * Ends a stream in two steps: make its records durable (skipped for a failed overwrite, whose
   * records are discarded), then let the sink finish. A failed sync still lets the sink release
   * its files (as a failed stream) and reports the sync error.
   */
  private startEnding(slot: StreamSlot, succeeded: boolean): Promise<void> {
    const { sink } = slot;
    const synced = succeeded || sink.mode !== "overwrite" ? sink.sync() : Promise.resolve();
    slot.synced = synced.catch(() => undefined);
    slot.ending = synced.then(
      () => sink.end(succeeded),
      (error: unknown) =>
        sink.end(false).then(
          () => Promise.reject(error),
          () => Promise.reject(error),
        ),
    );
    return slot.ending;
  }

  /** mkdir -p, then makes each new directory entry durable (fsync of every new directory's parent). */
  private async createOutputDirectory(): Promise<void> {
    const firstCreated = await mkdir(this.output, { recursive: true });
    if (firstCreated === undefined) return;
    const top = dirname(firstCreated);
    for (let parent = dirname(this.output); ; parent = dirname(parent)) {
      await fsyncDirectory(parent);
      if (parent === top || dirname(parent) === parent) break;
    }
  }

  private slotFor(stream: string, action: string): StreamSlot {
    if (this.phase !== "open") {
      throw new Error(`Cannot ${action} stream ${JSON.stringify(stream)}: the JSONL destination is ${this.phase === "new" ? "not open" : this.phase}`);
    }
    const slot = this.slots.get(stream);
    if (slot === undefined) {
      throw new Error(`Cannot ${action} stream ${JSON.stringify(stream)}: it is not in the configured catalog`);
    }
    return slot;
  }

  private async openStream(stream: PlannedStream): Promise<StreamSink> {
    const files = streamFiles(this.output, stream.name);
    const context: SinkContext = { stream: stream.name, dir: this.output, bufferBytes: this.bufferBytes };
    await recoverStream({ ...context, files, keyPaths: stream.keyPaths, logger: this.logger });
    switch (stream.mode) {
      case "overwrite":
        return OverwriteSink.open(context, files, stream.keyPaths, this.logger);
      case "append":
        return AppendSink.open(context, files);
      case "append_dedup":
        return DedupSink.open(context, files, stream.keyPaths, this.logger);
    }
  }

  /** After a failed open: close whatever was opened; overwrite staging files are dropped. */
  private async releaseAll(): Promise<void> {
    for (const slot of this.slots.values()) {
      await (slot.ending ?? this.startEnding(slot, false)).catch(() => undefined);
    }
    this.slots.clear();
  }
}
