import { join } from "node:path";
import { assertSafeStreamName } from "./stream-name.js";

/**
 * Where one stream's files live. Only `<stream>.jsonl` is data a reader should look at; every
 * auxiliary file ends in a suffix other than `.jsonl`, and no auxiliary suffix ends another one,
 * so files of two different streams can never share a name.
 */
export interface StreamFiles {
  /** The visible data file, `<stream>.jsonl`. */
  data: string;
  /** Overwrite mode: the next version of the data file, renamed over it when the stream succeeds. */
  staging: string;
  /** Append-dedup mode: durable journal of records not yet merged into the data file. */
  journal: string;
  /** Append-dedup mode: the merged file being built by a compaction. */
  compacting: string;
  /**
   * Append-dedup mode: temporary files of key hashes (hash-spill.ts), unlinked as soon as they are
   * created; the sink's (`journalKeys`) and the compaction's (`compactionKeys`).
   */
  journalKeys: string;
  compactionKeys: string;
}

export const DATA_SUFFIX = ".jsonl";
export const STAGING_SUFFIX = ".jsonl.staging";
export const JOURNAL_SUFFIX = ".jsonl.incoming";
export const COMPACTING_SUFFIX = ".jsonl.compacting";
export const JOURNAL_KEYS_SUFFIX = ".jsonl.journal-keys";
export const COMPACTION_KEYS_SUFFIX = ".jsonl.compaction-keys";

export function streamFiles(outputDir: string, stream: string): StreamFiles {
  assertSafeStreamName(stream);
  return {
    data: join(outputDir, stream + DATA_SUFFIX),
    staging: join(outputDir, stream + STAGING_SUFFIX),
    journal: join(outputDir, stream + JOURNAL_SUFFIX),
    compacting: join(outputDir, stream + COMPACTING_SUFFIX),
    journalKeys: join(outputDir, stream + JOURNAL_KEYS_SUFFIX),
    compactionKeys: join(outputDir, stream + COMPACTION_KEYS_SUFFIX),
  };
}
