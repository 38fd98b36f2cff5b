/** Test helpers (excluded from the build). */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfiguredAirbyteStream, ConfiguredCatalog, DestinationSyncMode, Logger } from "@calabi/kernel";

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "calabi-jsonl-test-"));
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

export interface StreamConfig {
  name: string;
  mode: DestinationSyncMode;
  /** Configured primary key (`primary_key`). */
  primaryKey?: string[][];
  /** Source-defined primary key; defaults to [["id"]]. */
  sourceKey?: string[][] | undefined;
}

export function configuredStream(config: StreamConfig): ConfiguredAirbyteStream {
  const sourceKey = "sourceKey" in config ? config.sourceKey : [["id"]];
  return {
    stream: {
      name: config.name,
      json_schema: { type: "object" },
      supported_sync_modes: ["full_refresh", "incremental"],
      ...(sourceKey === undefined ? {} : { source_defined_primary_key: sourceKey }),
    },
    sync_mode: config.mode === "append_dedup" ? "incremental" : "full_refresh",
    destination_sync_mode: config.mode,
    ...(config.primaryKey === undefined ? {} : { primary_key: config.primaryKey }),
  };
}

export function catalogOf(...streams: StreamConfig[]): ConfiguredCatalog {
  return { streams: streams.map(configuredStream) };
}

/** Raw text of a file, or undefined when it does not exist. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Parses a JSONL file strictly: every line must be a JSON object and the file must end with a newline. */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readText(path);
  if (text === undefined) throw new Error(`${path} does not exist`);
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error(`${path} does not end with a newline`);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
