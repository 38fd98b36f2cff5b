/**
 * Append-dedup compaction: merges the visible data file and the journal of new records into one
 * line per primary key, newest version winning, then swaps the result in atomically.
 *
 * Order: a key keeps the position of its first appearance (data file first, then journal), so
 * existing rows never move and new keys follow in arrival order. The content at that position is
 * the key's last written version.
 *
 * Memory: one Map entry per distinct key (the key string plus where its newest version lives),
 * never the records themselves; both files are streamed, and winners that live elsewhere are read
 * back by position. Records are parsed twice (index pass, write pass) to keep it that way.
 *
 * Crash safety: the merge goes to `<stream>.jsonl.compacting`, is fsynced, renamed over
 * `<stream>.jsonl` and the directory fsynced; only then is the journal deleted. A kill before the
 * rename leaves the old data file and the journal (the next open compacts again); a kill after it
 * leaves the new data file and the journal, and compacting again is idempotent.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import type { Logger } from "@calabi/kernel";
import { durableRename, fileExists, fsyncDirectory, removeIfExists, truncateTornTail } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { readLineAt, readLines } from "./line-reader.js";
import { LineWriter } from "./line-writer.js";
import { primaryKeyOf, type KeyPaths } from "./primary-key.js";

export interface CompactionOptions {
  stream: string;
  dir: string;
  files: StreamFiles;
  keyPaths: KeyPaths;
  logger: Logger;
  bufferBytes?: number;
  readChunkBytes?: number;
}

export interface CompactionResult {
  /** False when there was nothing to merge (empty journal next to an existing data file). */
  rewritten: boolean;
  /** Lines in the resulting data file. */
  lines: number;
  /** Records kept as they are because a primary key field is missing or null. */
  keyless: number;
  /** Lines kept as they are because they are not JSON objects. */
  unparsable: number;
}

/** Where the newest version of a key lives: source index (0 data file, 1 journal), offset, length. */
interface Location {
  source: number;
  offset: number;
  length: number;
}
const EMITTED: Location = { source: -1, offset: -1, length: -1 };

type Classified = { kind: "blank" } | { kind: "keyless"; unparsable: boolean } | { kind: "keyed"; key: string };

function classify(text: string, keyPaths: KeyPaths): Classified {
  if (text.trim() === "") return { kind: "blank" };
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { kind: "keyless", unparsable: true };
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { kind: "keyless", unparsable: true };
  }
  const key = primaryKeyOf(record, keyPaths);
  return key === undefined ? { kind: "keyless", unparsable: false } : { kind: "keyed", key };
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, "r");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
}

/** True when `<stream>.jsonl.incoming` exists, i.e. a compaction is due. */
export function hasJournal(files: StreamFiles): Promise<boolean> {
  return fileExists(files.journal);
}

export async function compact(options: CompactionOptions): Promise<CompactionResult> {
  const { files, dir, keyPaths, logger, stream } = options;
  // Bytes after the journal's last newline were never flushed: drop them.
  const torn = await truncateTornTail(files.journal);
  if (torn > 0) logger.info("Dropped an unflushed partial line from the journal", { stream, bytes: torn });
  await removeIfExists(files.compacting);

  const journalSize = (await fileExists(files.journal)) ? (await stat(files.journal)).size : 0;
  if (journalSize === 0 && (await fileExists(files.data))) {
    if (await removeIfExists(files.journal)) await fsyncDirectory(dir);
    return { rewritten: false, lines: -1, keyless: 0, unparsable: 0 };
  }

  const sources: (FileHandle | undefined)[] = [await openIfExists(files.data), await openIfExists(files.journal)];
  let writer: LineWriter | undefined;
  try {
    // Pass 1: where does the newest version of every key live?
    const newest = new Map<string, Location>();
    for (let source = 0; source < sources.length; source++) {
      const handle = sources[source];
      if (handle === undefined) continue;
      for await (const line of readLines(handle, options.readChunkBytes)) {
        const c = classify(line.text, keyPaths);
        if (c.kind === "keyed") newest.set(c.key, { source, offset: line.offset, length: line.length });
      }
    }

    // Pass 2: write each key once, at its first position, with its newest content.
    writer = await LineWriter.open(files.compacting, "w", options.bufferBytes);
    const result: CompactionResult = { rewritten: true, lines: 0, keyless: 0, unparsable: 0 };
    for (let source = 0; source < sources.length; source++) {
      const handle = sources[source];
      if (handle === undefined) continue;
      for await (const line of readLines(handle, options.readChunkBytes)) {
        const c = classify(line.text, keyPaths);
        if (c.kind === "blank") continue;
        if (c.kind === "keyless") {
          if (c.unparsable) result.unparsable++;
          else result.keyless++;
          await writer.append(line.text);
          result.lines++;
          continue;
        }
        const location = newest.get(c.key);
        if (location === undefined || location === EMITTED) continue;
        newest.set(c.key, EMITTED);
        const winner =
          location.source === source && location.offset === line.offset
            ? line.text
            : await readLineAt(sources[location.source] as FileHandle, location.offset, location.length);
        await writer.append(winner);
        result.lines++;
      }
    }
    await writer.sync();
    await writer.close();
    writer = undefined;

    await durableRename(files.compacting, files.data, dir);
    await removeIfExists(files.journal);
    await fsyncDirectory(dir);

    if (result.keyless > 0) {
      logger.warn("Kept records without a primary key value; they cannot be deduplicated", {
        stream,
        records: result.keyless,
      });
    }
    if (result.unparsable > 0) {
      logger.warn("Kept lines that are not JSON objects as they are", { stream, lines: result.unparsable });
    }
    return result;
  } finally {
    if (writer !== undefined) {
      await writer.discard().catch(() => undefined);
      await removeIfExists(files.compacting).catch(() => undefined);
    }
    for (const handle of sources) await handle?.close();
  }
}
