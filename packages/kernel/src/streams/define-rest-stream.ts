import type { ErrorRule, HttpRequest } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import type { Deletion, Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { type CursorFormat, formatCursor, toUnixSeconds } from "./cursor-values.js";
import { SchemaDriftWatch } from "./schema-drift.js";
import { isZodSchema, type SchemaSource, toJsonSchema } from "./schema.js";

/**
 * Incremental behaviour of a declarative stream.
 * - `client`: the whole collection is read every sync; records with cursor >= max(state, start) are
 *   kept (the start filter applies in full refresh too), and so are records without the cursor field;
 *   state moves once, after the last page.
 * - `server`: the API filters by a start parameter and returns records in cursor order; every page
 *   checkpoints the highest cursor seen, so a resumed sync re-reads at most the last page.
 */
export type IncrementalSpec =
  | { kind: "client"; cursorField: string; stateFormat: CursorFormat }
  | {
      kind: "server";
      cursorField: string;
      stateFormat: CursorFormat;
      /** Query parameters that ask the API for records from `startSeconds` on. */
      startParams(startSeconds: number, ctx: ReadContext): Record<string, string>;
      /** Drop records seen on the previous page at the same cursor second (time-based exports repeat them). */
      dedupeAcrossPages?: boolean;
    };

export interface RestStreamDefinition {
  name: string;
  /** Path under /api/v2/, e.g. "groups" or "incremental/tickets/cursor.json". */
  path: string;
  params?: Record<string, string> | ((ctx: ReadContext) => Record<string, string>);
  paginator: () => Paginator;
  /** The response key that holds the records, or a function extracting them. */
  records: string | ((body: any) => StreamRecord[]);
  primaryKey: string | string[][];
  schema: SchemaSource;
  incremental?: IncrementalSpec;
  /** Where the sync starts when there is no state, as unix seconds. */
  start(ctx: ReadContext): number;
  rules?: ErrorRule[];
  optIn?: boolean;
  /**
   * When the API reports deleted records among the live ones (e.g. `status: "deleted"`): returns
   * the deletion time (ISO 8601) for a deleted record, undefined for a live one. Deleted records
   * become `Page.deletions` instead of records; they still move the cursor.
   */
  deletedAt?(record: StreamRecord): string | undefined;
}

export function defineRestStream(def: RestStreamDefinition): Stream<StreamRecord, StreamState> {
  const primaryKey = typeof def.primaryKey === "string" ? [[def.primaryKey]] : def.primaryKey;
  return {
    spec: {
      name: def.name,
      jsonSchema: toJsonSchema(def.schema),
      primaryKey,
      ...(def.incremental ? { cursorField: [def.incremental.cursorField] } : {}),
      ...(def.optIn ? { optIn: true } : {}),
      ...(def.deletedAt ? { deletions: true } : {}),
    },
    read: (ctx) => readRestStream(def, ctx),
  };
}

async function* readRestStream(def: RestStreamDefinition, ctx: ReadContext): AsyncGenerator<Page> {
  const inc = def.incremental;
  const startSeconds = startFrom(def, ctx);
  const extraParams = typeof def.params === "function" ? def.params(ctx) : (def.params ?? {});
  const params = inc?.kind === "server" ? { ...extraParams, ...inc.startParams(startSeconds, ctx) } : extraParams;
  const url = new URL(`${ctx.baseUrl}/api/v2/${def.path}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);

  const paginator = def.paginator();
  const drift = new SchemaDriftWatch(def.name, isZodSchema(def.schema) ? def.schema : undefined, ctx.logger);
  let request: HttpRequest | undefined = paginator.first({ method: "GET", url: url.toString(), headers: { accept: "application/json" } });
  let maxCursor = startSeconds;
  let boundary = new Set<string>();

  while (request) {
    const response = await ctx.http.send(request, { rules: def.rules, signal: ctx.signal, label: def.name });
    const body = response.json<any>();
    const all = extract(def.records, body);
    const records: StreamRecord[] = [];
    const deletions: Deletion[] = [];
    const nextBoundary = new Set<string>();
    let pageMax = maxCursor;
    for (const record of all) {
      drift.check(record);
      if (!inc) {
        records.push(record);
        continue;
      }
      const cursor = toUnixSeconds(record[inc.cursorField]);
      // A record without the cursor field cannot be placed in time: it is kept (as Airbyte does).
      if (inc.kind === "client" && cursor !== undefined && cursor < startSeconds) continue;
      if (inc.kind === "server" && inc.dedupeAcrossPages && cursor !== undefined) {
        const key = `${String(record.id)}@${cursor}`;
        if (boundary.has(key)) continue;
        nextBoundary.add(key);
      }
      if (cursor !== undefined && cursor > pageMax) pageMax = cursor;
      const deletedAt = def.deletedAt?.(record);
      if (deletedAt !== undefined) deletions.push({ record, deletedAt });
      else records.push(record);
    }
    boundary = nextBoundary;
    maxCursor = pageMax;
    request = paginator.next(response, body, all);
    const deleted = deletions.length > 0 ? { deletions } : {};
    if (inc?.kind === "server") {
      yield { records, ...deleted, checkpoint: { [inc.cursorField]: formatCursor(maxCursor, inc.stateFormat) } };
    } else {
      yield { records, ...deleted };
    }
  }
  if (inc?.kind === "client") {
    yield { records: [], checkpoint: { [inc.cursorField]: formatCursor(maxCursor, inc.stateFormat) } };
  }
}

function startFrom(def: RestStreamDefinition, ctx: ReadContext): number {
  const configured = def.start(ctx);
  const inc = def.incremental;
  if (!inc || !ctx.state) return configured;
  const saved = toUnixSeconds(ctx.state[inc.cursorField]);
  return saved === undefined ? configured : Math.max(saved, configured);
}

function extract(records: RestStreamDefinition["records"], body: any): StreamRecord[] {
  const value = typeof records === "function" ? records(body) : body?.[records];
  return Array.isArray(value) ? value : [];
}
