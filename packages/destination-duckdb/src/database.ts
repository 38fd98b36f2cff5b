/**
 * Opening the database file, with one clear message for each way it can fail, and SQL quoting.
 */
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { DuckDBInstance } from "@duckdb/node-api";
import { ConfigError } from "@calabi/kernel";

/** A quoted SQL identifier. */
export const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A quoted SQL string literal. */
export const lit = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The DuckDB bindings, imported on first use. */
export const loadDuckdb = (): Promise<typeof import("@duckdb/node-api")> => import("@duckdb/node-api");

/** Opens (or creates) the database file; every failure becomes a ConfigError naming the problem. */
export async function openDatabase(path: string): Promise<DuckDBInstance> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    throw new ConfigError(`The DuckDB output ${path} is a directory; name a database file, e.g. ${path.replace(/\/?$/, "/zendesk.duckdb")}.`);
  }
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) {
    throw new ConfigError(`The directory of the DuckDB output ${path} does not exist; create it or choose another path.`);
  }
  try {
    // DuckDB (a large native library) is loaded only when a database is opened, not when the plugin
    // is discovered: a sync to JSONL does not carry it in memory.
    const { DuckDBInstance } = await loadDuckdb();
    // No extension downloads (json and icu are built in); UTC for date-times written without an offset.
    const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
    const connection = await instance.connect();
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    connection.closeSync();
    return instance;
  } catch (error) {
    throw openProblem(path, error);
  }
}

export function openProblem(path: string, error: unknown): ConfigError {
  const message = (error as Error)?.message ?? String(error);
  const lock = /Could not set lock on file .*?(?:\(PID (\d+)\))/is.exec(message) ?? (/Could not set lock/i.test(message) ? [] : null);
  if (lock) {
    const pid = lock[1] ? ` (pid ${lock[1]})` : "";
    return new ConfigError(
      `The DuckDB file ${path} is locked by another process${pid}: DuckDB allows one writer at a time. Close the other program (another sync, a DuckDB shell or notebook) and try again.`,
      { cause: error },
    );
  }
  if (/not a valid DuckDB database file|Unsupported database version|database file .* (?:is|was) (?:not|created)|The file is not a DuckDB/i.test(message)) {
    return new ConfigError(
      `The file ${path} is not a DuckDB database (or was written by an incompatible DuckDB version); choose a new file name for --output, or move the file away.`,
      { cause: error },
    );
  }
  if (/Permission denied|Read-only file system|read-only|EACCES|EROFS/i.test(message)) {
    return new ConfigError(
      `Cannot write the DuckDB file ${path}: the file or its directory is read-only (${firstLine(message)}). Choose a writable path for --output.`,
      { cause: error },
    );
  }
  return new ConfigError(`Cannot open the DuckDB file ${path}: ${firstLine(message)}.`, { cause: error });
}

function firstLine(text: string): string {
  return text.split("\n")[0].replace(/\.$/, "");
}
