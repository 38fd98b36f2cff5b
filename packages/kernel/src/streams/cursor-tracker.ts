/**
 * The one cursor tracker: where an incremental read starts (max of the saved state and the
 * configured start), which records it keeps (at or after the start; boundary duplicates of
 * time-based exports dropped), the highest cursor seen, and the checkpoint that resumes after it.
 * Declarative streams, shared passes, substream partitions and hand-written streams all use it.
 */
import type { StreamRecord, StreamState } from "../contracts/stream.js";
import { type CursorFormat, formatCursor, toUnixSeconds } from "./cursor-values.js";

/** start = max(saved cursor, configured start); the configured start when there is no saved cursor. */
export function resumeStart(state: StreamState | undefined, cursorField: string, configured: number): number {
  const saved = state ? toUnixSeconds(state[cursorField]) : undefined;
  return saved === undefined ? configured : Math.max(saved, configured);
}

export interface CursorTrackerOptions {
  cursorField: string;
  format: CursorFormat;
  /** Where the read starts (unix seconds), usually `resumeStart(...)`. */
  start: number;
  /** A record's cursor as unix seconds (default: `record[cursorField]` parsed). */
  cursorOf?(record: StreamRecord): number | undefined;
  /** Drop records whose cursor is before `start` (records without a cursor are kept). Default true. */
  filterOlder?: boolean;
  /** Drop a record seen on the previous page at the same cursor second (time-based exports repeat them). */
  dedupeAcrossPages?: boolean;
  /**
   * Where the highest cursor starts: `start` when absent; given (even as undefined: only records
   * move it), that value.
   */
  initialMax?: number | undefined;
}

export class CursorTracker {
  readonly start: number;
  /** The highest cursor seen (unix seconds), or undefined when nothing moved it yet. */
  max: number | undefined;
  /** Whether the last `keep` call dropped a record older than the start (data feeds stop there). */
  sawOlder = false;
  private boundary = new Set<string>();
  private readonly cursorOf: (record: StreamRecord) => number | undefined;

  constructor(private readonly options: CursorTrackerOptions) {
    this.start = options.start;
    this.max = "initialMax" in options ? options.initialMax : options.start;
    this.cursorOf = options.cursorOf ?? ((record) => toUnixSeconds(record[options.cursorField]));
  }

  /** The records of one page to keep; moves the highest cursor. */
  keep(records: readonly StreamRecord[]): StreamRecord[] {
    const filter = this.options.filterOlder ?? true;
    const dedupe = this.options.dedupeAcrossPages === true;
    const kept: StreamRecord[] = [];
    const nextBoundary = new Set<string>();
    this.sawOlder = false;
    for (const record of records) {
      const cursor = this.cursorOf(record);
      if (cursor !== undefined && cursor < this.start) {
        this.sawOlder = true;
        if (filter) continue;
      }
      if (dedupe && cursor !== undefined) {
        const key = `${String(record.id)}@${cursor}`;
        if (this.boundary.has(key)) continue;
        nextBoundary.add(key);
      }
      if (cursor !== undefined && (this.max === undefined || cursor > this.max)) this.max = cursor;
      kept.push(record);
    }
    if (dedupe) this.boundary = nextBoundary;
    return kept;
  }

  /** The state that resumes after everything kept so far: `{[cursorField]: max}`. */
  checkpoint(): StreamState {
    return { [this.options.cursorField]: formatCursor(this.max ?? this.start, this.options.format) };
  }
}
