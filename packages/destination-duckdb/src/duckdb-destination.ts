/**
 * The DuckDB destination: one table per stream in schema `main` of one database file, and the
 * sync state in `main._calabi_state`.
 *
 * Transactions: every stream writes through its own connection, so each stream has its own
 * transaction. Records go in with the appender (bulk, no statement per record). When the state
 * lives in the database (`stateStore()` was asked for), `commit(stream, state)` writes the state
 * row and commits that stream's transaction: the rows a checkpoint covers and the checkpoint
 * commit together, so a crash (kill -9) at any instant leaves a database whose state says exactly
 * which rows it holds. Otherwise (`--state FILE`) `flush` commits each stream's rows.
 *
 * Modes:
 * - append: rows are appended to the table.
 * - append_dedup: rows go to a per-connection temp table; every flush merges it into the table on
 *   the primary key (delete the staged keys, insert their newest versions), the last written
 *   version of a key winning; a deletion removes the key.
 * - overwrite: rows go to `_calabi_new_<stream>`, created in the stream's transaction; a successful
 *   end drops the old table and renames the new one, in the same transaction.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBTimestampTZValue } from "@duckdb/node-api";
import {
  cdcDeletionRecord,
  ConfigError,
  type ConfiguredAirbyteStream,
  type ConfiguredCatalog,
  type Deletion,
  type Destination,
  type DestinationOptions,
  type DestinationSyncMode,
  type Logger,
  type StateStore,
  type StreamRecord,
  type StreamState,
  type StreamStates,
} from "@calabi/kernel";
import { canWiden, cellFor, type Column, columnsOf, columnTypeFromDuckdb, EXTRA, EXTRACTED_AT, MISFIT, widenExpression } from "./columns.js";
import { lit, loadDuckdb, openDatabase, q } from "./database.js";

export interface DuckdbDestinationOptions extends DestinationOptions {
  /** The clock for `_calabi_extracted_at` (ms since the epoch); default Date.now. */
  now?: () => number;
}

export const STATE_TABLE = "_calabi_state";
export const NEW_TABLE_PREFIX = "_calabi_new_";
const STAGE_TABLE = "_calabi_stage";
const SEQ = "_calabi_seq";
const DELETED = "_calabi_deleted";
const MODES = new Set<DestinationSyncMode>(["overwrite", "append", "append_dedup"]);

type Phase = "new" | "open" | "closed";

interface MainLock {
  lock: Promise<void>;
  pending: number;
}

interface Slot {
  name: string;
  mode: DestinationSyncMode;
  conn: DuckDBConnection;
  /** The table's columns in table order (the appender's order). */
  columns: Column[];
  /** Column index by field name. */
  index: Map<string, number>;
  keys: string[];
  /** Where appended rows go: the table, the temp stage (dedup) or the new table (overwrite). */
  target: string;
  appender?: DuckDBAppender;
  inTransaction: boolean;
  /** Rows in the stage not merged yet (dedup). */
  staged: number;
  seq: number;
  misfits: number;
  /** Operations on the slot's connection run one at a time: the tail of the queue, and its length. */
  lock: Promise<void>;
  pending: number;
  ending?: Promise<void>;
}

export class DuckdbDestination implements Destination {
  readonly path: string;
  private readonly logger: Logger;
  private readonly now: () => number;
  private instance?: DuckDBInstance;
  /** The bindings' values (loaded with the database, see database.ts). */
  private duckdb?: typeof import("@duckdb/node-api");
  private main?: DuckDBConnection;
  private opening?: Promise<DuckDBConnection>;
  private readonly slots = new Map<string, Slot>();
  private phase: Phase = "new";
  private ownState = false;
  /** Transactions on the main connection (state commits of ended streams) run one at a time. */
  private readonly mainLock: MainLock = { lock: Promise.resolve(), pending: 0 };

  constructor(options: DuckdbDestinationOptions) {
    if (typeof options?.output !== "string" || options.output.length === 0) {
      throw new ConfigError("The DuckDB destination needs an output file (a .duckdb database)");
    }
    this.path = options.output;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** The state store in this database; from now on rows commit only together with a state. */
  stateStore(): StateStore {
    this.ownState = true;
    return {
      load: () => this.loadState(),
      commit: (stream, state) => this.commitState(stream, state),
    };
  }

  async open(catalog: ConfiguredCatalog): Promise<void> {
    if (this.phase !== "new") throw new Error(`DuckdbDestination.open called twice (state: ${this.phase})`);
    const planned = planStreams(catalog);
    try {
      const main = await this.database();
      // Leftovers of an overwrite cut short while its half-built table was committed (--state FILE).
      for (const row of await rows(main, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND starts_with(table_name, ${lit(NEW_TABLE_PREFIX)})`)) {
        await main.run(`DROP TABLE main.${q(String(row.table_name))}`);
        this.logger.info("Dropped the half-built table of an interrupted overwrite", { table: row.table_name });
      }
      for (const stream of planned) this.slots.set(stream.name, await this.openStream(stream));
      this.phase = "open";
    } catch (error) {
      await this.release();
      this.phase = "closed";
      throw error;
    }
  }

  async write(stream: string, record: StreamRecord): Promise<void> {
    const slot = this.slotFor(stream, "write to");
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw new TypeError(`A record of stream ${JSON.stringify(stream)} must be a JSON object`);
    }
    this.appendRow(slot, await this.appender(slot), record, false);
  }

  async delete(stream: string, deletion: Deletion): Promise<void> {
    const slot = this.slotFor(stream, "delete from");
    const keyValues = slot.keys.map((k) => deletion?.record?.[k]);
    if (slot.keys.length === 0 || keyValues.some((v) => v === undefined || v === null)) {
      throw new TypeError(`A deletion in stream ${JSON.stringify(stream)} has no primary key value, so no row can be removed`);
    }
    if (slot.mode === "append") return this.write(stream, cdcDeletionRecord(deletion));
    if (slot.mode === "append_dedup") {
      this.appendRow(slot, await this.appender(slot), Object.fromEntries(slot.keys.map((k, i) => [k, keyValues[i]])), true);
      return;
    }
    // overwrite: the new table holds what the source has now; remove what this run wrote of the key.
    await this.locked(slot, async () => {
      this.closeAppender(slot);
      await this.begin(slot);
      // Nothing written yet in this run: the new table does not exist, so there is nothing to remove.
      if (!(await this.exists(slot.conn, NEW_TABLE_PREFIX + slot.name))) return;
      const where = slot.keys.map((k, i) => `${q(k)} = $${i + 1}`).join(" AND ");
      await slot.conn.run(`DELETE FROM ${slot.target} WHERE ${where}`, keyValues.map((v) => (typeof v === "number" && Number.isInteger(v) ? BigInt(v) : (v as string))));
    });
  }

  /**
   * Moves every stream's written rows into its table, inside the stream's transaction. With the
   * state in the database the transaction stays open until the stream's next `commit`; otherwise
   * it commits here.
   */
  async flush(): Promise<void> {
    if (this.phase !== "open") return;
    await Promise.all(
      [...this.slots.values()].filter((slot) => slot.ending === undefined).map((slot) =>
        this.locked(slot, async () => {
          await this.stage(slot);
          if (!this.ownState) await this.commit(slot);
        }),
      ),
    );
  }

  endStream(stream: string, succeeded: boolean): Promise<void> {
    let slot: Slot;
    try {
      slot = this.slotFor(stream, "end");
    } catch (error) {
      return Promise.reject(error);
    }
    slot.ending ??= this.locked(slot, () => this.finishStream(slot, succeeded));
    return slot.ending;
  }

  /** Ends the streams not ended yet as failed (uncommitted rows are rolled back) and closes the file. */
  async close(): Promise<void> {
    if (this.phase === "closed") return;
    const errors: unknown[] = [];
    if (this.phase === "open") {
      for (const slot of this.slots.values()) {
        if (slot.ending === undefined) {
          slot.ending = this.locked(slot, () => this.finishStream(slot, false));
          await slot.ending.catch((error: unknown) => void errors.push(error));
        } else {
          await slot.ending.catch(() => undefined);
        }
      }
    }
    this.phase = "closed";
    await this.release();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, "Closing the DuckDB destination failed for several streams");
  }

  // ---- state ---------------------------------------------------------------------------------

  private async loadState(): Promise<StreamStates> {
    const main = await this.database();
    const states: StreamStates = {};
    for (const row of await rows(main, `SELECT stream, state::VARCHAR AS state FROM main.${STATE_TABLE} ORDER BY updated_at`)) {
      states[String(row.stream)] = JSON.parse(String(row.state)) as StreamState;
    }
    return states;
  }

  /** The stream's rows since its last commit and its new state, in one transaction. */
  private async commitState(stream: string, state: StreamState): Promise<void> {
    const slot = this.slots.get(stream);
    const write = async (conn: DuckDBConnection) => {
      await conn.run(`DELETE FROM main.${STATE_TABLE} WHERE stream = $1`, [stream]);
      await conn.run(`INSERT INTO main.${STATE_TABLE} VALUES ($1, $2::JSON, now())`, [stream, JSON.stringify(state)]);
    };
    if (slot === undefined || slot.ending !== undefined || this.phase !== "open") {
      // An ended stream (overwrite commits its state after the swap): its connection is closed.
      await slot?.ending;
      const main = await this.database();
      return this.locked(this.mainLock, async () => {
        await main.run("BEGIN TRANSACTION");
        try {
          await write(main);
          await main.run("COMMIT");
        } catch (error) {
          await main.run("ROLLBACK").catch(() => undefined);
          throw error;
        }
      });
    }
    await this.locked(slot, async () => {
      await this.stage(slot);
      await this.begin(slot);
      await write(slot.conn);
      await this.commit(slot);
    });
  }

  // ---- streams -------------------------------------------------------------------------------

  private async database(): Promise<DuckDBConnection> {
    this.opening ??= (async () => {
      this.instance = await openDatabase(this.path);
      this.duckdb = await loadDuckdb();
      const main = await this.instance.connect();
      this.main = main;
      await main.run(`CREATE TABLE IF NOT EXISTS main.${STATE_TABLE} (stream VARCHAR, state JSON, updated_at TIMESTAMPTZ)`);
      return main;
    })();
    return this.opening;
  }

  private async openStream(stream: PlannedStream): Promise<Slot> {
    const main = this.main!;
    const table = `main.${q(stream.name)}`;
    const wanted = columnsOf(stream.configured.stream.json_schema);
    if (wanted.skipped.length > 0) {
      this.logger.warn("Fields whose names clash (DuckDB names ignore case) go to _calabi_extra", { stream: stream.name, fields: wanted.skipped });
    }
    let columns: Column[];
    if (stream.mode === "overwrite") {
      columns = wanted.columns;
    } else {
      await main.run(`CREATE TABLE IF NOT EXISTS ${table} (${columnDefinitions(wanted.columns)})`);
      columns = await this.evolve(main, stream.name, table, wanted.columns);
    }
    for (const key of stream.keys) {
      if (!columns.some((c) => c.name === key)) {
        throw new ConfigError(`Stream ${JSON.stringify(stream.name)}: its primary key field ${JSON.stringify(key)} is not in its schema, so the DuckDB table has no column for it.`);
      }
    }
    const conn = await this.instance!.connect();
    let target = table;
    if (stream.mode === "append_dedup") {
      target = `temp.main.${STAGE_TABLE}`;
      await conn.run(`CREATE TEMP TABLE ${STAGE_TABLE} (${columnDefinitions(columns)}, ${SEQ} BIGINT, ${DELETED} BOOLEAN)`);
    } else if (stream.mode === "overwrite") {
      target = `main.${q(NEW_TABLE_PREFIX + stream.name)}`;
    }
    return {
      name: stream.name,
      mode: stream.mode,
      conn,
      columns,
      index: new Map(columns.map((c, i) => [c.name, i])),
      keys: stream.keys,
      target,
      inTransaction: false,
      staged: 0,
      seq: 0,
      misfits: 0,
      lock: Promise.resolve(),
      pending: 0,
    };
  }

  /**
   * Brings an existing table up to the schema: a new field adds a column; a type the old one can
   * widen to (integer → double, anything → text or JSON) changes the column; any other change is
   * reported and the column keeps its type (values that do not fit go to `_calabi_extra`).
   * Returns the table's columns after the changes, in table order.
   */
  private async evolve(main: DuckDBConnection, stream: string, table: string, wanted: Column[]): Promise<Column[]> {
    const existing = await this.tableColumns(main, stream);
    const byLower = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
    for (const column of wanted) {
      const current = byLower.get(column.name.toLowerCase());
      if (current === undefined) {
        await main.run(`ALTER TABLE ${table} ADD COLUMN ${q(column.name)} ${column.type}`);
        this.logger.info("Added a column for a new field", { stream, column: column.name, type: column.type });
      } else if (current.type !== column.type) {
        if (canWiden(current.type, column.type)) {
          await main.run(`ALTER TABLE ${table} ALTER COLUMN ${q(current.name)} TYPE ${column.type} USING ${widenExpression(q(current.name), column.type)}`);
          this.logger.info("Widened a column to the schema's new type", { stream, column: current.name, from: current.type, to: column.type });
        } else {
          this.logger.warn("The schema changed a column's type to one it cannot widen to; the column keeps its type and values that do not fit go to _calabi_extra", {
            stream,
            column: current.name,
            type: current.type,
            schema: column.type,
          });
        }
      }
    }
    return this.tableColumns(main, stream);
  }

  private async tableColumns(main: DuckDBConnection, stream: string): Promise<Column[]> {
    const found = await rows(
      main,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ${lit(stream)} ORDER BY ordinal_position`,
    );
    return found.map((row) => {
      const type = columnTypeFromDuckdb(String(row.data_type));
      if (type === undefined) {
        throw new ConfigError(
          `The DuckDB table main.${q(stream)} has a column ${q(String(row.column_name))} of type ${String(row.data_type)}, which this destination does not write; drop or rename the table, or write to another database file.`,
        );
      }
      return { name: String(row.column_name), type };
    });
  }

  /**
   * The stream's appender, once no other operation (a flush, a MERGE) is running on its connection:
   * the caller appends synchronously right after, so rows never land in the middle of one.
   */
  private async appender(slot: Slot): Promise<DuckDBAppender> {
    while (slot.pending > 0 || slot.appender === undefined) {
      if (slot.pending > 0) await slot.lock;
      else await this.locked(slot, () => this.createAppender(slot));
    }
    return slot.appender;
  }

  private async createAppender(slot: Slot): Promise<void> {
    await this.begin(slot);
    if (slot.mode === "overwrite" && !(await this.exists(slot.conn, NEW_TABLE_PREFIX + slot.name))) {
      await slot.conn.run(`CREATE TABLE ${slot.target} (${columnDefinitions(slot.columns)})`);
    }
    const [catalog, schema, table] = slot.mode === "append_dedup" ? ["temp", "main", STAGE_TABLE] : [null, "main", unquotedTable(slot)];
    slot.appender = await slot.conn.createAppender(table, schema, catalog);
  }

  private appendRow(slot: Slot, appender: DuckDBAppender, record: StreamRecord, deleted: boolean): void {
    const cells: unknown[] = new Array(slot.columns.length).fill(null);
    let extra: Record<string, unknown> | undefined;
    for (const field of Object.keys(record)) {
      const value = record[field];
      const at = slot.index.get(field);
      const column = at === undefined ? undefined : slot.columns[at];
      if (column === undefined || column.name === EXTRA || column.name === EXTRACTED_AT) {
        if (value !== undefined) (extra ??= {})[field] = value;
        continue;
      }
      const cell = cellFor(column.type, value);
      if (cell === MISFIT) {
        (extra ??= {})[field] = value;
        slot.misfits++;
      } else {
        cells[at!] = cell;
      }
    }
    const extractedAt = new this.duckdb!.DuckDBTimestampTZValue(BigInt(Math.trunc(this.now())) * 1000n) as DuckDBTimestampTZValue;
    for (let i = 0; i < slot.columns.length; i++) {
      const { name, type } = slot.columns[i];
      if (name === EXTRACTED_AT) {
        appender.appendTimestampTZ(extractedAt);
        continue;
      }
      const cell = name === EXTRA ? (extra === undefined ? null : JSON.stringify(extra)) : cells[i];
      if (cell === null || cell === undefined) appender.appendNull();
      else if (type === "BIGINT") appender.appendBigInt(cell as bigint);
      else if (type === "DOUBLE") appender.appendDouble(cell as number);
      else if (type === "BOOLEAN") appender.appendBoolean(cell as boolean);
      else appender.appendVarchar(cell as string);
    }
    if (slot.mode === "append_dedup") {
      appender.appendBigInt(BigInt(slot.seq++));
      appender.appendBoolean(deleted);
      slot.staged++;
    }
    appender.endRow();
  }

  /** Everything written so far into the stream's table, inside its open transaction. */
  private async stage(slot: Slot): Promise<void> {
    this.closeAppender(slot);
    if (slot.mode !== "append_dedup" || slot.staged === 0) return;
    for (const sql of mergeSql(slot)) await slot.conn.run(sql);
    await slot.conn.run(`DELETE FROM ${slot.target}`);
    slot.staged = 0;
  }

  private async finishStream(slot: Slot, succeeded: boolean): Promise<void> {
    if (slot.misfits > 0) {
      this.logger.warn("Values that did not fit their column's type were kept in _calabi_extra", { stream: slot.name, values: slot.misfits });
      slot.misfits = 0;
    }
    try {
      if (!succeeded) {
        await this.rollback(slot);
        if (slot.mode === "overwrite") {
          // Committed pieces of the new table (--state FILE) are dropped; the old table stays.
          await slot.conn.run(`DROP TABLE IF EXISTS ${slot.target}`);
          this.logger.warn("Stream did not succeed: previous table kept, new rows discarded", { stream: slot.name });
        }
        return;
      }
      await this.stage(slot);
      if (slot.mode === "overwrite") {
        await this.begin(slot);
        if (!(await this.exists(slot.conn, NEW_TABLE_PREFIX + slot.name))) {
          await slot.conn.run(`CREATE TABLE ${slot.target} (${columnDefinitions(slot.columns)})`);
        }
        await slot.conn.run(`DROP TABLE IF EXISTS main.${q(slot.name)}`);
        await slot.conn.run(`ALTER TABLE ${slot.target} RENAME TO ${q(slot.name)}`);
      }
      await this.commit(slot);
    } catch (error) {
      await this.rollback(slot).catch(() => undefined);
      throw error;
    } finally {
      slot.conn.closeSync();
    }
  }

  private async exists(conn: DuckDBConnection, table: string): Promise<boolean> {
    return (await rows(conn, `SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${lit(table)}`)).length > 0;
  }

  private async begin(slot: Slot): Promise<void> {
    if (slot.inTransaction) return;
    await slot.conn.run("BEGIN TRANSACTION");
    slot.inTransaction = true;
  }

  private async commit(slot: Slot): Promise<void> {
    this.closeAppender(slot);
    if (!slot.inTransaction) return;
    slot.inTransaction = false;
    await slot.conn.run("COMMIT");
  }

  private async rollback(slot: Slot): Promise<void> {
    if (slot.appender) {
      slot.appender.clear();
      this.closeAppender(slot);
    }
    slot.staged = 0;
    if (!slot.inTransaction) return;
    slot.inTransaction = false;
    await slot.conn.run("ROLLBACK");
  }

  /** Closing the appender flushes its rows into the connection's transaction. */
  private closeAppender(slot: Slot): void {
    const appender = slot.appender;
    if (appender === undefined) return;
    slot.appender = undefined;
    appender.closeSync();
  }

  private locked<T>(slot: Slot | MainLock, step: () => Promise<T>): Promise<T> {
    slot.pending++;
    const run = slot.lock.then(step).finally(() => {
      slot.pending--;
    });
    slot.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private slotFor(stream: string, action: string): Slot {
    if (this.phase !== "open") {
      throw new Error(`Cannot ${action} stream ${JSON.stringify(stream)}: the DuckDB destination is ${this.phase === "new" ? "not open" : this.phase}`);
    }
    const slot = this.slots.get(stream);
    if (slot === undefined) throw new Error(`Cannot ${action} stream ${JSON.stringify(stream)}: it is not in the configured catalog`);
    if (slot.ending !== undefined) throw new Error(`Cannot ${action} stream ${JSON.stringify(stream)}: it has ended`);
    return slot;
  }

  private async release(): Promise<void> {
    for (const slot of this.slots.values()) {
      try {
        slot.conn.closeSync();
      } catch {
        // already closed
      }
    }
    this.slots.clear();
    await this.opening?.catch(() => undefined);
    this.main?.closeSync();
    this.main = undefined;
    this.instance?.closeSync();
    this.instance = undefined;
  }
}

interface PlannedStream {
  name: string;
  mode: DestinationSyncMode;
  keys: string[];
  configured: ConfiguredAirbyteStream;
}

/** Checks the whole catalog before the database is touched. */
function planStreams(catalog: ConfiguredCatalog): PlannedStream[] {
  if (!catalog || !Array.isArray(catalog.streams)) throw new ConfigError("The configured catalog has no `streams` list");
  const seen = new Map<string, string>();
  return catalog.streams.map((configured, index) => {
    const name: unknown = configured?.stream?.name;
    if (typeof name !== "string" || name.trim() === "" || name.length > 200 || /[\u0000-\u001f]/.test(name)) {
      throw new ConfigError(`Catalog stream #${index} has an unusable name ${JSON.stringify(name)} for a DuckDB table`);
    }
    if (name.toLowerCase().startsWith("_calabi")) {
      throw new ConfigError(`Stream ${JSON.stringify(name)}: table names starting with "_calabi" are reserved for the destination's own tables`);
    }
    const clash = seen.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new ConfigError(
        clash === name ? `Stream ${JSON.stringify(name)} is configured twice` : `Streams ${JSON.stringify(clash)} and ${JSON.stringify(name)} would share one DuckDB table (table names ignore case); rename one of them`,
      );
    }
    seen.set(name.toLowerCase(), name);
    const mode = configured.destination_sync_mode;
    if (!MODES.has(mode)) {
      throw new ConfigError(`Stream ${JSON.stringify(name)} has destination_sync_mode ${JSON.stringify(mode)}; the DuckDB destination supports overwrite, append and append_dedup`);
    }
    const keyPaths = configured.primary_key?.length ? configured.primary_key : (configured.stream.source_defined_primary_key ?? []);
    if (keyPaths.some((path) => !Array.isArray(path) || path.length !== 1 || typeof path[0] !== "string")) {
      throw new ConfigError(`Stream ${JSON.stringify(name)} has the primary key ${JSON.stringify(keyPaths)}; the DuckDB destination needs top-level key fields such as [["id"]]`);
    }
    const keys = keyPaths.map((path) => path[0]);
    if (mode === "append_dedup" && keys.length === 0) {
      throw new ConfigError(`Stream ${JSON.stringify(name)} uses append_dedup but has no primary key (neither primary_key nor source_defined_primary_key)`);
    }
    return { name, mode, keys, configured };
  });
}

function columnDefinitions(columns: Column[]): string {
  return columns.map((c) => `${q(c.name)} ${c.type}`).join(", ");
}

function unquotedTable(slot: Slot): string {
  return slot.mode === "overwrite" ? NEW_TABLE_PREFIX + slot.name : slot.name;
}

/**
 * The newest staged version of each key replaces the table's rows of that key (or removes them,
 * for a deletion): a DELETE of every staged key, then an INSERT of the newest non-deleted staged
 * version per key. (DuckDB updates wide rows far slower than it deletes and appends them; both
 * statements run in the stream's transaction, so readers never see the key missing.) Staged rows
 * with a null key field cannot match any row: each is inserted as it is.
 */
function mergeSql(slot: Slot): string[] {
  const keys = slot.keys.map(q);
  const nullKey = keys.map((k) => `${k} IS NULL`).join(" OR ");
  const names = slot.columns.map((c) => q(c.name)).join(", ");
  return [
    `DELETE FROM main.${q(slot.name)} AS t USING ${slot.target} AS s WHERE ${keys.map((k) => `t.${k} = s.${k}`).join(" AND ")}`,
    `INSERT INTO main.${q(slot.name)} (${names}) SELECT ${names} FROM (SELECT * FROM ${slot.target} QUALIFY row_number() OVER (PARTITION BY ${keys.join(", ")}, CASE WHEN ${nullKey} THEN ${SEQ} END ORDER BY ${SEQ} DESC) = 1) WHERE NOT ${DELETED} ORDER BY ${SEQ}`,
  ];
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
}
