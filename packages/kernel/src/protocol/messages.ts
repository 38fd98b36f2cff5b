/**
 * Airbyte protocol v0 message types (the subset a source uses).
 * Shapes follow reference/airbyte-protocol/airbyte_protocol.yaml; tests validate them against it.
 */
import type { JsonSchema, StreamRecord, StreamState, SyncMode } from "../contracts/stream.js";

export type DestinationSyncMode = "append" | "overwrite" | "append_dedup";

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteStream {
  name: string;
  json_schema: JsonSchema;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
}

export interface AirbyteCatalog {
  streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  cursor_field?: string[];
  destination_sync_mode: DestinationSyncMode;
  primary_key?: string[][];
}

export interface ConfiguredCatalog {
  streams: ConfiguredAirbyteStream[];
}

/** The `state` object of a STATE message; also one element of a state file. */
export interface AirbyteStreamStateMessage {
  type: "STREAM";
  stream: { stream_descriptor: StreamDescriptor; stream_state?: StreamState };
  sourceStats?: { recordCount: number };
}

export type AirbyteStreamStatus = "STARTED" | "RUNNING" | "COMPLETE" | "INCOMPLETE";
export type FailureTypeWire = "system_error" | "config_error" | "transient_error";

export interface ConnectorSpecification {
  documentationUrl?: string;
  connectionSpecification: JsonSchema;
  supportsIncremental?: boolean;
  supported_destination_sync_modes?: DestinationSyncMode[];
  advanced_auth?: Record<string, unknown>;
}

export type AirbyteMessage =
  | { type: "RECORD"; record: { stream: string; data: StreamRecord; emitted_at: number } }
  | { type: "STATE"; state: AirbyteStreamStateMessage }
  | { type: "LOG"; log: { level: "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE"; message: string } }
  | { type: "SPEC"; spec: ConnectorSpecification }
  | { type: "CONNECTION_STATUS"; connectionStatus: { status: "SUCCEEDED" | "FAILED"; message?: string } }
  | { type: "CATALOG"; catalog: AirbyteCatalog }
  | { type: "TRACE"; trace: AirbyteTrace }
  | {
      type: "CONTROL";
      control: { type: "CONNECTOR_CONFIG"; emitted_at: number; connectorConfig: { config: Record<string, unknown> } };
    };

export type AirbyteTrace =
  | {
      type: "ERROR";
      emitted_at: number;
      error: {
        message: string;
        internal_message?: string;
        stack_trace?: string;
        failure_type?: FailureTypeWire;
        stream_descriptor?: StreamDescriptor;
      };
    }
  | {
      type: "STREAM_STATUS";
      emitted_at: number;
      stream_status: { stream_descriptor: StreamDescriptor; status: AirbyteStreamStatus };
    }
  | {
      type: "ESTIMATE";
      emitted_at: number;
      estimate: { name: string; type: "STREAM" | "SYNC"; row_estimate?: number };
    };

/** Receives protocol messages (stdout for `read`, in-process for `sync`). */
export interface MessageSink {
  emit(message: AirbyteMessage): void | Promise<void>;
}
