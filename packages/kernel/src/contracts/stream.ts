import type { Clock } from "./clock.js";
import type { FileStore } from "./files.js";
import type { HttpClient } from "./http.js";
import type { Logger } from "./logger.js";
import type { GroupEstimate, GroupPlanContext, PlanContext, StreamEstimate } from "./plan.js";

export type JsonSchema = Record<string, unknown>;
export type StreamRecord = Record<string, unknown>;
/** The per-stream state object (Airbyte `stream_state`). */
export type StreamState = Record<string, unknown>;
export type SyncMode = "full_refresh" | "incremental";

export interface StreamSpec {
  name: string;
  jsonSchema: JsonSchema;
  /** Airbyte-style key paths, e.g. [["id"]]; empty when the stream has no primary key. */
  primaryKey: string[][];
  /** Present => the stream supports incremental sync on this source-defined cursor. */
  cursorField?: string[];
  /** Names of streams this one reads to find its partitions (informational; the stream reads them itself). */
  parents?: string[];
  /** Opt-in streams are not selected by `sync` unless named explicitly. */
  optIn?: boolean;
  /** The stream reports records deleted at the source (`Page.deletions`); needs a primary key. */
  deletions?: boolean;
}

/**
 * A record deleted at the source: its last known version (at least the primary key fields) and
 * when it was deleted (ISO 8601). Destinations remove the record; `read` emits it as a RECORD with
 * Airbyte's `_ab_cdc_deleted_at` set.
 */
export interface Deletion<R = StreamRecord> {
  record: R;
  deletedAt: string;
}

/** One page of records; `checkpoint` is the full stream state to resume right after this page. */
export interface Page<R = StreamRecord, S = StreamState> {
  records: R[];
  /** Records deleted at the source, applied after this page's records. */
  deletions?: Deletion<R>[];
  checkpoint?: S;
}

export interface ReadContext<S = StreamState> {
  /** Parsed connection config (the source plugin's config type). */
  config: any;
  mode: SyncMode;
  /** State saved by the previous sync, already migrated; undefined on a first or full-refresh sync. */
  state: S | undefined;
  http: HttpClient;
  /** Base URL of the connection (the source's account or API root), without trailing slash. */
  baseUrl: string;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  /** How many units of work (partitions, slices) a stream may read at once: the runner's concurrency. */
  concurrency?: number;
  /** Reports progress (pages, requests) to the runner. */
  progress: ProgressReporter;
  /** Where file-transfer streams store file bodies (`sync` provides `<output>/files`); absent for `read`. */
  files?: FileStore;
}

export interface ProgressReporter {
  page(records: number): void;
}

/**
 * What the runner knows of a stream before reading it: how it is selected, its saved state and what
 * else the run reads. A stream with several ways to read the same records decides from this.
 */
export interface RouteContext {
  config: any;
  mode: SyncMode;
  /** The saved state as loaded (before migration); undefined on a first or full-refresh sync. */
  state: StreamState | undefined;
  /** Every stream selected in this run. */
  selected: ReadonlySet<string>;
}

/** What to read. A stream yields pages; memory stays bounded by a few pages. */
export interface Stream<R = StreamRecord, S = StreamState> {
  spec: StreamSpec;
  read(ctx: ReadContext<S>): AsyncIterable<Page<R, S>>;
  /** Converts an older state shape into the current one (Airbyte's migrations). */
  migrateState?(state: StreamState): S;
  /**
   * Estimates what `read` would request with this context, before reading: the route it takes, the
   * records and the requests (`calabi plan`). Makes few, cheap requests of its own.
   */
  plan?(ctx: PlanContext<S>): Promise<StreamEstimate>;
  /**
   * The rate class (an opaque name of the connection's budget) this read will mostly wait on. The
   * runner starts the streams of the slowest classes first and keeps work of other classes going
   * while one class waits. Absent: the stream is scheduled as before, in catalog order.
   */
  rateClass?(ctx: RouteContext): string | undefined;
}

/**
 * Streams that read the same endpoint (e.g. ticket_events and ticket_comments from
 * `incremental/ticket_events`). When two or more members are selected, the runner reads the group
 * once instead of each member; a member selected alone is read as its own Stream.
 */
export interface StreamGroup {
  name: string;
  /** Member stream names; each also exists as a standalone Stream. */
  members: string[];
  read(ctx: GroupReadContext): AsyncIterable<GroupPage>;
  /** Estimates the shared walk for the selected members (see `Stream.plan`). */
  plan?(ctx: GroupPlanContext): Promise<GroupEstimate>;
  /**
   * Whether the group serves these selected members (two or more) in this run, e.g. only on a first
   * sync. Absent: always. A member the group does not serve is read as its own stream.
   */
  accepts?(ctx: GroupRouteContext): boolean;
  /** The rate class the group's pass waits on (see `Stream.rateClass`). */
  rateClass?(ctx: GroupRouteContext): string | undefined;
}

export interface GroupRouteContext {
  config: any;
  /** The selected members of the group, each with its mode and saved state (before migration). */
  members: Record<string, { mode: SyncMode; state: StreamState | undefined }>;
  selected: ReadonlySet<string>;
}

export interface GroupReadContext extends Omit<ReadContext, "state" | "mode"> {
  /** The selected members, each with its own mode and (migrated) state. */
  members: Record<string, { mode: SyncMode; state: StreamState | undefined }>;
}

/** One page of a shared pass: records and checkpoints per member stream. */
export interface GroupPage {
  records: Record<string, StreamRecord[]>;
  deletions?: Record<string, Deletion[]>;
  checkpoints?: Record<string, StreamState>;
}
