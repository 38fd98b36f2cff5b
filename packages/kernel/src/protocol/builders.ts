import type { Deletion, StreamRecord, StreamState } from "../contracts/stream.js";
import type { AirbyteMessage, AirbyteStreamStatus, AirbyteStreamStateMessage, FailureTypeWire } from "./messages.js";

export const recordMessage = (stream: string, data: StreamRecord, emittedAt: number): AirbyteMessage => ({
  type: "RECORD",
  record: { stream, data, emitted_at: emittedAt },
});

/** Airbyte's CDC convention: a record whose `_ab_cdc_deleted_at` is set was deleted at the source. */
export const CDC_DELETED_AT = "_ab_cdc_deleted_at";

/** A deletion as Airbyte platforms expect it: the record's last version with `_ab_cdc_deleted_at` set. */
export const cdcDeletionRecord = (deletion: Deletion): StreamRecord => ({ ...deletion.record, [CDC_DELETED_AT]: deletion.deletedAt });

export const streamState = (stream: string, state: StreamState): AirbyteStreamStateMessage => ({
  type: "STREAM",
  stream: { stream_descriptor: { name: stream }, stream_state: state },
});

export const stateMessage = (stream: string, state: StreamState, recordCount?: number): AirbyteMessage => ({
  type: "STATE",
  state: recordCount === undefined ? streamState(stream, state) : { ...streamState(stream, state), sourceStats: { recordCount } },
});

export const logMessage = (level: "ERROR" | "WARN" | "INFO" | "DEBUG", message: string): AirbyteMessage => ({
  type: "LOG",
  log: { level, message },
});

export const streamStatusMessage = (stream: string, status: AirbyteStreamStatus, emittedAt: number): AirbyteMessage => ({
  type: "TRACE",
  trace: { type: "STREAM_STATUS", emitted_at: emittedAt, stream_status: { stream_descriptor: { name: stream }, status } },
});

export const errorTraceMessage = (
  message: string,
  failureType: FailureTypeWire,
  emittedAt: number,
  stream?: string,
  internalMessage?: string,
): AirbyteMessage => ({
  type: "TRACE",
  trace: {
    type: "ERROR",
    emitted_at: emittedAt,
    error: {
      message,
      failure_type: failureType,
      ...(internalMessage ? { internal_message: internalMessage } : {}),
      ...(stream ? { stream_descriptor: { name: stream } } : {}),
    },
  },
});

export const controlConfigMessage = (config: Record<string, unknown>, emittedAt: number): AirbyteMessage => ({
  type: "CONTROL",
  control: { type: "CONNECTOR_CONFIG", emitted_at: emittedAt, connectorConfig: { config } },
});
