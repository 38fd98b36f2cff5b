/**
 * Per-partition state of child streams, in Airbyte's layout (STREAMS.md §5):
 *
 * ```json
 * { "use_global_cursor": false, "lookback_window": 0,
 *   "state": { "<cursor_field>": "<global cursor>" },
 *   "states": [ { "partition": { "ticket_id": 101, "parent_slice": {} },
 *                 "cursor": { "<cursor_field>": "<value>" } } ],
 *   "parent_state": { "tickets": { "generated_timestamp": "1717000200" } } }
 * ```
 *
 * One cursor per partition (e.g. per ticket), a global cursor (the newest value any finished
 * partition reached) and the parent stream's own state. Past `maxPartitions` partitions the
 * per-partition list is dropped and every partition uses the global cursor (`use_global_cursor`),
 * so state stays bounded however many parents an account has.
 */
import type { StreamState } from "../contracts/stream.js";
import { type CursorFormat, formatCursor, toUnixSeconds } from "./cursor-values.js";

/** Above this many partitions the state collapses to the global cursor (Airbyte switches at 10,000). */
export const DEFAULT_MAX_PARTITIONS = 10_000;

export type Partition = Record<string, unknown>;

export interface PartitionCursorEntry {
  partition: Partition;
  cursor: Record<string, unknown>;
}

export interface PerPartitionState {
  [key: string]: unknown;
  use_global_cursor: boolean;
  lookback_window: number;
  state?: Record<string, unknown>;
  states: PartitionCursorEntry[];
  parent_state?: Record<string, StreamState>;
}

export interface PartitionedStateOptions {
  /** The child's cursor field, e.g. "updated_at". */
  cursorField: string;
  /** How cursor values are written: unix-seconds strings or ISO `YYYY-MM-DDTHH:mm:ssZ`. */
  format: CursorFormat;
  /** The parent stream's name: the key under `parent_state`. */
  parentStream: string;
  maxPartitions?: number;
}

/** True when `state` looks like the per-partition layout (as opposed to a plain `{cursor: value}`). */
export function isPerPartitionState(state: unknown): state is PerPartitionState {
  if (!state || typeof state !== "object") return false;
  const s = state as Record<string, unknown>;
  return Array.isArray(s.states) || "parent_state" in s || "use_global_cursor" in s;
}

/**
 * The identity of a partition: key order and `parent_slice` do not matter, so
 * `{"ticket_id": 1, "parent_slice": {}}` and `{"ticket_id": 1}` are the same partition.
 */
export function partitionKey(partition: Partition): string {
  const { parent_slice: _ignored, ...rest } = partition;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Reads and writes the per-partition layout. Cursor values are held as unix seconds. */
export class PartitionedState {
  readonly maxPartitions: number;
  private readonly cursors = new Map<string, { partition: Partition; seconds: number }>();
  private global: number | undefined;
  private useGlobal = false;
  private lookback = 0;
  private parent: StreamState | undefined;

  constructor(
    readonly options: PartitionedStateOptions,
    initial?: StreamState,
  ) {
    this.maxPartitions = options.maxPartitions ?? DEFAULT_MAX_PARTITIONS;
    if (initial) this.load(initial);
  }

  private load(initial: StreamState): void {
    const field = this.options.cursorField;
    if (!isPerPartitionState(initial)) {
      // A plain `{cursor: value}` (e.g. from a global-cursor era): it becomes the global cursor.
      this.global = toUnixSeconds(initial[field]);
      return;
    }
    this.useGlobal = initial.use_global_cursor === true;
    this.lookback = typeof initial.lookback_window === "number" ? initial.lookback_window : 0;
    this.global = toUnixSeconds(initial.state?.[field]);
    for (const entry of initial.states ?? []) {
      if (!entry || typeof entry !== "object" || !entry.partition) continue;
      const seconds = toUnixSeconds(entry.cursor?.[field]);
      if (seconds !== undefined) this.cursors.set(partitionKey(entry.partition), { partition: entry.partition, seconds });
    }
    const parent = initial.parent_state?.[this.options.parentStream];
    if (parent && typeof parent === "object") this.parent = parent;
    if (this.cursors.size > this.maxPartitions) this.collapse();
  }

  /** The parent stream's saved state (what the parent resumes from), if any. */
  get parentState(): StreamState | undefined {
    return this.parent;
  }

  set parentState(state: StreamState | undefined) {
    this.parent = state;
  }

  /** The newest cursor any finished partition reached, as unix seconds. */
  get globalCursor(): number | undefined {
    return this.global;
  }

  get usesGlobalCursor(): boolean {
    return this.useGlobal;
  }

  get partitionCount(): number {
    return this.cursors.size;
  }

  /**
   * Where a partition resumes, as unix seconds: its own cursor; the global cursor once the state
   * collapsed; undefined for a partition never seen (read it from the stream's start).
   */
  cursorFor(partition: Partition): number | undefined {
    if (this.useGlobal) return this.global === undefined ? undefined : this.global - this.lookback;
    return this.cursors.get(partitionKey(partition))?.seconds;
  }

  /** Records that a partition was read completely up to `seconds` (never moves a cursor back). */
  finish(partition: Partition, seconds: number | undefined): void {
    if (seconds === undefined) return;
    if (this.global === undefined || seconds > this.global) this.global = seconds;
    if (this.useGlobal) return;
    const key = partitionKey(partition);
    const previous = this.cursors.get(key);
    if (previous && previous.seconds >= seconds) return;
    // Re-insert so the most recently finished partitions are the ones kept when trimming.
    this.cursors.delete(key);
    this.cursors.set(key, { partition: { ...partition, parent_slice: partition.parent_slice ?? {} }, seconds });
    if (this.cursors.size > this.maxPartitions) this.collapse();
  }

  /** Switches to the global cursor: partitions stop being tracked one by one. */
  private collapse(): void {
    this.useGlobal = true;
    this.cursors.clear();
  }

  /** The state to save, in Airbyte's layout. */
  toState(): PerPartitionState {
    const { cursorField, format, parentStream } = this.options;
    const state: PerPartitionState = {
      use_global_cursor: this.useGlobal,
      lookback_window: this.lookback,
      ...(this.global !== undefined ? { state: { [cursorField]: formatCursor(this.global, format) } } : {}),
      states: [...this.cursors.values()].map(({ partition, seconds }) => ({
        partition,
        cursor: { [cursorField]: formatCursor(seconds, format) },
      })),
    };
    if (this.parent !== undefined) state.parent_state = { [parentStream]: this.parent };
    return state;
  }
}
