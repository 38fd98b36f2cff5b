/**
 * What an interrupted run may have left next to a stream's data file, and how the next open
 * deals with it, before any new record is written:
 * - `<stream>.jsonl.staging` (overwrite, never swapped in): not data, removed.
 * - `<stream>.jsonl.compacting` (a merge cut short): not data, removed.
 * - `<stream>.jsonl.journal-keys`, `<stream>.jsonl.compaction-keys` (temporary key hashes, unlinked
 *   when created, so present only after a kill in between): not data, removed.
 * - `<stream>.jsonl.incoming` (append-dedup journal): flushed records whose checkpoint may already
 *   be committed, so they are merged into `<stream>.jsonl` now.
 * - an unterminated last line in `<stream>.jsonl` (an append cut mid-write, never flushed): given
 *   its newline when it is a whole record, cut off otherwise, so the file is valid JSONL again.
 */
import type { Logger } from "@calabi/kernel";
import { compact, hasJournal } from "./compaction.js";
import { removeIfExists, repairTornTail } from "./durable-fs.js";
import type { StreamFiles } from "./file-layout.js";
import { isRecordLine } from "./json-line.js";
import type { KeyPaths } from "./primary-key.js";

export interface RecoveryOptions {
  stream: string;
  dir: string;
  files: StreamFiles;
  keyPaths: KeyPaths;
  logger: Logger;
  bufferBytes?: number;
}

export async function recoverStream(options: RecoveryOptions): Promise<void> {
  const { stream, files, logger } = options;
  if (await removeIfExists(files.staging)) {
    logger.info("Removed staged overwrite output of an interrupted run", { stream });
  }
  if (await removeIfExists(files.compacting)) {
    logger.info("Removed a partial compaction of an interrupted run", { stream });
  }
  await removeIfExists(files.journalKeys);
  await removeIfExists(files.compactionKeys);
  const tail = await repairTornTail(files.data, isRecordLine);
  if (tail.action !== "none") {
    logger.warn("Repaired the unterminated last line left by an interrupted run", { stream, ...tail });
  }
  if (!(await hasJournal(files))) return;
  if (options.keyPaths.length === 0) {
    logger.warn(
      "Found an append-dedup journal but the stream has no primary key now; left in place, not merged",
      { stream, journal: files.journal },
    );
    return;
  }
  logger.info("Merging records journalled by an interrupted run", { stream });
  await compact(options);
}
