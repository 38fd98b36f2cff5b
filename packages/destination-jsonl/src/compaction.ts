/**
 * Append-dedup compaction: merges the visible data file and the journal of new records into one
 * line per primary key, newest version winning, then swaps the result in atomically.
 *
 * Order: the result is the write log (data file, then journal) with every superseded version
 * removed. Each surviving line keeps its relative order, so a key whose record did not change
 * keeps its place, and an updated key moves to where its newest version was written. Compacting
 * the result again (with or without the same journal) yields the same file.
 *
 * Deletions: a journal line with a non-null `_ab_cdc_deleted_at` (Airbyte's CDC convention) is a
 * tombstone: it drops every earlier version of its key and is dropped itself; a later version of
 * the key (a restored record) is kept as usual.
 *
 * Cost: two sequential passes and no random reads. Pass 1 parses every line once and remembers,
 * per distinct key, the index of the line holding its newest version (a Map of key string to
 * number) plus one bit per line marking superseded lines. Pass 2 copies the unmarked lines' bytes
 * without parsing. Memory is therefore proportional to the number of distinct keys (roughly the
 * key's JSON plus ~50 bytes of Map overhead each), never to record sizes; the whole data file is
 * rewritten on every compaction, so time is proportional to its size.
 *
 * Crash safety: the merge goes to `<stream>.jsonl.compacting`, is fsynced, renamed over
 * `<stream>.jsonl` and the directory fsynced; only then is the journal deleted. A kill before the
 * rename leaves the old data file and the journal (the next open compacts again); a kill after it
 * leaves the new data file and the journal, and compacting again is idempotent.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import type { Logger } from "@calabi/kernel";
import { BitSet } from "./bitset.js";
import { durableRename, fileExists, fsyncDirectory, removeIfExists, repairTornTail } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { isRecordLine, isTombstone, parseRecordLine } from "./json-line.js";
import { readLines } from "./line-reader.js";
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
  /** Lines in the resulting data file (0 when not rewritten). */
  lines: number;
  /** Records kept as they are because a primary key field is missing or null. */
  keyless: number;
  /** Lines kept as they are because they are not JSON objects. */
  unparsable: number;
  /** Keys removed by a deletion (a tombstone line). */
  deleted: number;
}

type Classified =
  | { kind: "blank" }
  | { kind: "keyless"; unparsable: boolean }
  | { kind: "keyed"; key: string; tombstone: boolean };

function classify(text: string, keyPaths: KeyPaths): Classified {
  if (text.trim() === "") return { kind: "blank" };
  const record = parseRecordLine(text);
  if (record === undefined) return { kind: "keyless", unparsable: true };
  const key = primaryKeyOf(record, keyPaths);
  return key === undefined ? { kind: "keyless", unparsable: false } : { kind: "keyed", key, tombstone: isTombstone(record) };
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
  // A journal line without its newline was never flushed: completed if whole, else dropped.
  const tail = await repairTornTail(files.journal, isRecordLine);
  if (tail.action !== "none") logger.info("Repaired the journal's unflushed last line", { stream, ...tail });
  await removeIfExists(files.compacting);

  const journalSize = (await fileExists(files.journal)) ? (await stat(files.journal)).size : 0;
  if (journalSize === 0 && (await fileExists(files.data))) {
    if (await removeIfExists(files.journal)) await fsyncDirectory(dir);
    return { rewritten: false, lines: 0, keyless: 0, unparsable: 0, deleted: 0 };
  }

  // The data file first, then the journal: together, the log of writes in order.
  const sources = [await openIfExists(files.data), await openIfExists(files.journal)].filter(
    (handle): handle is FileHandle => handle !== undefined,
  );
  let writer: LineWriter | undefined;
  try {
    // Pass 1: mark every line that a later version of its key (or blankness) makes obsolete.
    const dropped = new BitSet();
    const result: CompactionResult = { rewritten: true, lines: 0, keyless: 0, unparsable: 0, deleted: 0 };
    let newest: Map<string, number> | undefined = new Map();
    let index = 0;
    for (const handle of sources) {
      for await (const line of readLines(handle, options.readChunkBytes)) {
        const c = classify(line.bytes.toString("utf8"), keyPaths);
        if (c.kind === "blank") {
          dropped.add(index);
        } else if (c.kind === "keyed") {
          const previous = newest.get(c.key);
          if (previous !== undefined) dropped.add(previous);
          if (c.tombstone) {
            // A deletion removes the key's newest version and is not kept itself.
            dropped.add(index);
            if (newest.delete(c.key)) result.deleted++;
          } else {
            newest.set(c.key, index);
          }
        } else if (c.unparsable) {
          result.unparsable++;
        } else {
          result.keyless++;
        }
        index++;
      }
    }
    const lineCount = index;
    newest = undefined; // only the bits are needed from here on

    // Pass 2: copy the surviving lines as they are.
    writer = await LineWriter.open(files.compacting, "w", options.bufferBytes);
    index = 0;
    for (const handle of sources) {
      for await (const line of readLines(handle, options.readChunkBytes)) {
        if (!dropped.has(index)) {
          await writer.appendBytes(line.bytes);
          result.lines++;
        }
        index++;
      }
    }
    if (index !== lineCount) {
      throw new Error(`${stream}: input files changed during compaction (${lineCount} lines, then ${index})`);
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
    for (const handle of sources) await handle.close();
  }
}
