import type { ConfiguredCatalog } from "../protocol/messages.js";
import type { StateStore } from "./state.js";
import type { Deletion, StreamRecord } from "./stream.js";

/** Where records go. `flush` resolves only when every record written before it is durable. */
export interface Destination {
  open(catalog: ConfiguredCatalog): Promise<void>;
  write(stream: string, record: StreamRecord): Promise<void>;
  /**
   * Optional: the records of one page, in order; the same as `write` for each record, but lets the
   * destination serialize and write them in one go. The runner uses it when present.
   */
  writeMany?(stream: string, records: readonly StreamRecord[]): Promise<void>;
  /**
   * Optional: the record with this primary key was deleted at the source; remove it (append modes
   * may log the deletion instead). A destination without it receives the deletion through `write`
   * as the record with Airbyte's `_ab_cdc_deleted_at` set (see `cdcDeletionRecord`).
   */
  delete?(stream: string, deletion: Deletion): Promise<void>;
  flush(): Promise<void>;
  /** The stream has finished: `succeeded` says whether its data is complete (overwrite swaps in only then). */
  endStream(stream: string, succeeded: boolean): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional: a destination that keeps the sync state itself (a database) returns its store; `sync`
   * uses it unless `--state` names a file. Once it has been asked for, `commit(stream, state)`
   * makes the stream's records written since its previous commit durable together with the state,
   * in one transaction, and `flush` alone no longer commits them.
   */
  stateStore?(): StateStore;
}
