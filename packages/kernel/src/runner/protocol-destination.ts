import type { Clock } from "../contracts/clock.js";
import type { Destination } from "../contracts/destination.js";
import type { Deletion, StreamRecord } from "../contracts/stream.js";
import { cdcDeletionRecord, recordMessage } from "../protocol/builders.js";
import type { ConfiguredCatalog, MessageSink } from "../protocol/messages.js";

/** The `read` command's destination: records become RECORD messages on the sink (stdout). */
export class ProtocolDestination implements Destination {
  constructor(
    private readonly sink: MessageSink,
    private readonly clock: Clock,
    private readonly drain: () => Promise<void> = async () => undefined,
  ) {}

  async open(_catalog: ConfiguredCatalog): Promise<void> {}

  async write(stream: string, record: StreamRecord): Promise<void> {
    await this.sink.emit(recordMessage(stream, record, this.clock.now()));
  }

  /** Airbyte's CDC convention: the record, with `_ab_cdc_deleted_at` set, for the platform to apply. */
  async delete(stream: string, deletion: Deletion): Promise<void> {
    await this.sink.emit(recordMessage(stream, cdcDeletionRecord(deletion), this.clock.now()));
  }

  /** Records precede their STATE on the same ordered stream; draining is all durability means here. */
  flush(): Promise<void> {
    return this.drain();
  }

  async endStream(): Promise<void> {}

  close(): Promise<void> {
    return this.drain();
  }
}
