/** Test helpers (excluded from the build). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { ConfiguredAirbyteStream, ConfiguredCatalog, DestinationSyncMode, JsonSchema, Logger } from "@calabi/kernel";

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "calabi-duckdb-test-"));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface LoggedEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields?: Record<string, unknown>;
}

export function memoryLogger(): Logger & { entries: LoggedEntry[] } {
  const entries: LoggedEntry[] = [];
  const at = (level: LoggedEntry["level"]) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const TICKET_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "integer" },
    subject: { type: ["string", "null"] },
    score: { anyOf: [{ type: "number" }, { type: "null" }] },
    is_public: { type: ["boolean", "null"] },
    updated_at: { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
    via: { anyOf: [{ type: "object", properties: { channel: { type: "string" } } }, { type: "null" }] },
    tags: { type: "array", items: { type: "string" } },
  },
};

export interface StreamConfig {
  name: string;
  mode: DestinationSyncMode;
  schema?: JsonSchema;
  key?: string[][];
}

export function configuredStream(config: StreamConfig): ConfiguredAirbyteStream {
  return {
    stream: {
      name: config.name,
      json_schema: config.schema ?? TICKET_SCHEMA,
      supported_sync_modes: ["full_refresh", "incremental"],
      source_defined_primary_key: config.key ?? [["id"]],
    },
    sync_mode: config.mode === "overwrite" ? "full_refresh" : "incremental",
    destination_sync_mode: config.mode,
  };
}

export function catalogOf(...streams: StreamConfig[]): ConfiguredCatalog {
  return { streams: streams.map(configuredStream) };
}

/** Runs a query on the file with a fresh instance (the destination must be closed). */
export async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
