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
 * Cost: sequential passes and no random reads. Pass 1 parses every line once and spills the 64-bit
 * hash of its key, with its line number, to a temporary file partitioned by the hash's top bits
 * (hash-spill.ts: a fixed buffer in memory); then each partition in turn goes into a small hash
 * table (KeyHashIndex), marking every line whose hash occurs on another line as a candidate
 * duplicate, so memory does not grow with the number of lines beyond one bit each. Pass 1b runs only when there are
 * candidates: it parses just those lines and decides by their real keys (a Map of the candidates'
 * keys, at most 200,000 at a time: more candidates, e.g. after most records were updated, take
 * several rounds, each for the keys of some hash partitions, at the cost of parsing the
 * candidates once a round). Pass 2
 * copies the surviving lines' bytes without parsing. One bit per line marks superseded lines. The
 * whole data file is rewritten on every compaction, so time is proportional to its size.
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
import { HashSpill, markRepeated, partitionOf } from "./hash-spill.js";
import { hash64 } from "./key-index.js";
import type { JournalKeys } from "./journal-keys.js";
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
  /** The key hash of the index (tests force collisions with it); default `hash64`. */
  keyHash?: (key: string) => [number, number];
  /**
   * The key hashes of the journal's lines as the sink wrote them (journal-keys.ts): pass 1 then
   * takes the journal's keys from it instead of parsing its lines. Only pass it when it describes
   * the journal exactly (the sink checks the journal holds just the bytes it wrote), with the same
   * hash as `keyHash`.
   */
  journalKeys?: JournalKeys;
  /** Key hashes buffered before the spill writes a run (a test seam; see hash-spill.ts). */
  spillBufferEntries?: number;
  /** The most real keys pass 1b holds at once (a test seam); default 200,000 (about 20 MB). */
  maxCandidateKeys?: number;
}

const DEFAULT_MAX_CANDIDATE_KEYS = 200_000;

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
  const dataHandle = await openIfExists(files.data);
  const journalHandle = await openIfExists(files.journal).catch(async (error: unknown) => {
    await dataHandle?.close();
    throw error;
  });
  const sources = [dataHandle, journalHandle].filter((handle): handle is FileHandle => handle !== undefined);
  let writer: LineWriter | undefined;
  let spill: HashSpill | undefined;
  try {
    // Pass 1: every keyed line's 64-bit key hash goes to a spill (bounded memory); blank lines and
    // tombstones are marked dropped. Then the lines whose hash occurs twice become candidates.
    const dropped = new BitSet();
    const result: CompactionResult = { rewritten: true, lines: 0, keyless: 0, unparsable: 0, deleted: 0 };
    const keyHash = options.keyHash ?? hash64;
    if (options.journalKeys && options.journalKeys.hash !== keyHash) {
      throw new Error(`${stream}: the journal's recorded keys use another hash than the compaction`);
    }
    spill = new HashSpill(files.compactionKeys, options.spillBufferEntries);
    const parsed = spill;
    let index = 0;
    let droppedCount = 0;
    const drop = (line: number) => {
      dropped.add(line);
      droppedCount++;
    };
    const take = (c: Classified, line: number) => {
      if (c.kind === "blank") {
        drop(line);
      } else if (c.kind === "keyed") {
        const [hi, lo] = keyHash(c.key);
        parsed.add(hi, lo, line);
        // A deletion is never kept itself; what it removes is decided in pass 1b.
        if (c.tombstone) drop(line);
      } else if (c.unparsable) {
        result.unparsable++;
      } else {
        result.keyless++;
      }
    };
    const known = options.journalKeys;
    let dataLines = 0;
    for (const handle of sources) {
      if (known && handle === journalHandle) {
        // The sink recorded these lines' keys as it wrote them: only UNKNOWN lines need a parse.
        const first = index;
        if (known.unknown > 0) {
          let i = 0;
          for await (const line of readLines(handle, options.readChunkBytes)) {
            if (i < known.count && known.isUnknown(i)) take(classify(line.bytes.toString("utf8"), keyPaths), first + i);
            i++;
          }
          if (i !== known.count) throw new Error(`${stream}: the journal has ${i} lines, ${known.count} were written`);
        }
        result.keyless += known.keyless;
        index += known.count;
        continue;
      }
      for await (const line of readLines(handle, options.readChunkBytes)) {
        take(classify(line.bytes.toString("utf8"), keyPaths), index);
        index++;
      }
      if (handle !== journalHandle) dataLines = index;
    }
    const lineCount = index;
    const candidates = new BitSet();
    const candidateCount = markRepeated(
      known && journalHandle ? [{ spill: parsed, firstLine: 0 }, { spill: known.spill, firstLine: dataLines }] : [{ spill: parsed, firstLine: 0 }],
      candidates,
    );
    // Only the bits are needed from here on.
    parsed.close();
    known?.release();

    // Pass 1b, only when some key hash occurred twice: the candidates' real keys decide which
    // lines a later version or a deletion supersedes (a hash collision keeps both records). The
    // Map of real keys holds at most `maxCandidateKeys`: with more candidates, the pass runs in
    // rounds, each taking the keys of some hash partitions (all versions of a key share one).
    const rounds = Math.ceil(candidateCount / (options.maxCandidateKeys ?? DEFAULT_MAX_CANDIDATE_KEYS));
    for (let round = 0; round < rounds; round++) {
      const newest = new Map<string, number>();
      index = 0;
      for (const handle of sources) {
        for await (const line of readLines(handle, options.readChunkBytes)) {
          if (candidates.has(index)) {
            const c = classify(line.bytes.toString("utf8"), keyPaths);
            if (c.kind === "keyed" && (rounds === 1 || partitionOf(keyHash(c.key)[0]) % rounds === round)) {
              const previous = newest.get(c.key);
              if (previous !== undefined) drop(previous);
              if (c.tombstone) {
                if (newest.delete(c.key)) result.deleted++;
              } else {
                newest.set(c.key, index);
              }
            }
          }
          index++;
        }
      }
      if (index !== lineCount) {
        throw new Error(`${stream}: input files changed during compaction (${lineCount} lines, then ${index})`);
      }
    }

    if (dataLines === 0 && droppedCount === 0 && journalHandle !== undefined) {
      // Nothing to merge into and nothing to drop (a first sync without repeated keys): the
      // journal, fsynced, is the result; the rename swaps it in as atomically as a copy would.
      const writable = await open(files.journal, "r+");
      try {
        await writable.sync();
      } finally {
        await writable.close();
      }
      await durableRename(files.journal, files.data, dir);
      result.lines = lineCount;
      return finishCompaction(result, stream, logger);
    }

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
    return finishCompaction(result, stream, logger);
  } finally {
    spill?.close();
    options.journalKeys?.release();
    if (writer !== undefined) {
      await writer.discard().catch(() => undefined);
      await removeIfExists(files.compacting).catch(() => undefined);
    }
    for (const handle of sources) await handle.close();
  }
}

function finishCompaction(result: CompactionResult, stream: string, logger: Logger): CompactionResult {
  if (result.keyless > 0) {
    logger.warn("Kept records without a primary key value; they cannot be deduplicated", { stream, records: result.keyless });
  }
  if (result.unparsable > 0) {
    logger.warn("Kept lines that are not JSON objects as they are", { stream, lines: result.unparsable });
  }
  return result;
}
