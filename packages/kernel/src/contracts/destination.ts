import type { ConfiguredCatalog } from "../protocol/messages.js";
import type { StreamRecord } from "./stream.js";

/** Where records go. `flush` resolves only when every record written before it is durable. */
export interface Destination {
  open(catalog: ConfiguredCatalog): Promise<void>;
  write(stream: string, record: StreamRecord): Promise<void>;
  flush(): Promise<void>;
  /** The stream has finished: `succeeded` says whether its data is complete (overwrite swaps in only then). */
  endStream(stream: string, succeeded: boolean): Promise<void>;
  close(): Promise<void>;
}
