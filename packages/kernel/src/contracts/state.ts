import type { StreamState } from "./stream.js";

/** Per-stream state, keyed by stream name. */
export type StreamStates = Record<string, StreamState>;

/** What to remember between syncs. `commit` is atomic: a crash leaves the previous or the new file. */
export interface StateStore {
  load(): Promise<StreamStates>;
  commit(stream: string, state: StreamState): Promise<void>;
}
