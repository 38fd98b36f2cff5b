import type { ReadContext, StreamRecord, StreamState, SyncMode } from "./stream.js";

/**
 * Requests of one kind a read will make: `requests` of them, `parallel` in flight at once
 * (partitions read concurrently). Their rate classes are told from `url`'s path by the budget.
 */
export interface RequestBatch {
  /** A URL typical of these requests (only its path matters: it picks the rate classes). */
  url: string;
  requests: number;
  /** How many of these are in flight at once; default 1 (one page after another). */
  parallel?: number;
  /** Sent at the same time as the batch before it (two walks of one read at once). */
  alongside?: boolean;
}

/** What reading one stream will take, as its `plan` hook estimates it before the read. */
export interface StreamEstimate {
  /** The endpoint the read will use (its path), or a short description of the route it takes. */
  route: string;
  /** Records expected; undefined when the source gives no way to know without reading. */
  records?: number;
  /** The requests, in the order the read makes them. */
  batches: RequestBatch[];
  /** How the figures were found ("count endpoint", "first page", "saved state + first page", …). */
  basis: string;
  /** A few records of the first page (not printed): child streams sample their partitions from them. */
  sample?: StreamRecord[];
}

/** What a stream's `plan` hook gets: its read context without progress or file store, the run's selection, and a memo. */
export interface PlanContext<S = StreamState> extends Omit<ReadContext<S>, "progress" | "files"> {
  /** Every stream of the run (a read may take another route when another stream is read too). */
  selected?: ReadonlySet<string>;
  /**
   * Runs `compute` once per key for the whole plan and shares its result (a count several streams
   * need, a parent's estimate). Keys are the caller's; include whatever makes the value differ.
   */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/** What a shared pass's `plan` hook gets: each selected member's mode and migrated state. */
export interface GroupPlanContext extends Omit<PlanContext, "state" | "mode"> {
  members: Record<string, { mode: SyncMode; state: StreamState | undefined }>;
}

/** A shared pass's estimate: one walk (route, batches) serving several members. */
export interface GroupEstimate {
  route: string;
  batches: RequestBatch[];
  basis: string;
  /** Records expected per member (undefined when unknown). */
  records: Record<string, number | undefined>;
}
