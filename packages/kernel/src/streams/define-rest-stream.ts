import type { ErrorRule } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import type { PlanContext, StreamEstimate } from "../contracts/plan.js";
import { pagesFor, readFirstPage, sizeFromFirstPage, sizeOverTime } from "../plan/probe.js";
import type { Deletion, Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { type CursorFormat, toUnixSeconds } from "./cursor-values.js";
import { CursorTracker, resumeStart } from "./cursor-tracker.js";
import { SchemaDriftWatch } from "./schema-drift.js";
import { isZodSchema, type SchemaSource, toJsonSchema } from "./schema.js";
import { type RecordSelector, walkPages } from "./walk-pages.js";

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
  /** The collection's absolute URL, or a builder from the read context (e.g. `${ctx.baseUrl}/items`). */
  url: string | ((ctx: ReadContext) => string);
  params?: Record<string, string> | ((ctx: ReadContext) => Record<string, string>);
  paginator: () => Paginator;
  /** The response key that holds the records, or a function extracting them. */
  records: RecordSelector;
  primaryKey: string | string[][];
  schema: SchemaSource;
  incremental?: IncrementalSpec;
  /** Where the sync starts when there is no state, as unix seconds. */
  start(ctx: ReadContext): number;
  rules?: ErrorRule[];
  optIn?: boolean;
  /**
   * Send the next page's request while this page is being written (`walkPages`' `readAhead`). The
   * read always runs to the paginator's end, so set it when the API's pages are the bottleneck; it
   * costs one request that is cancelled when the sync stops mid-stream.
   */
  readAhead?: boolean;
  /**
   * When the API reports deleted records among the live ones (e.g. `status: "deleted"`): returns
   * the deletion time (ISO 8601) for a deleted record, undefined for a live one. Deleted records
   * become `Page.deletions` instead of records; they still move the cursor.
   */
  deletedAt?(record: StreamRecord): string | undefined;
  /**
   * How `calabi plan` sizes the stream. Default: its first page, read as the sync reads it (the
   * whole list, the envelope's total, or for a server-side incremental, extrapolated over time).
   */
  estimate?: RestStreamEstimate;
}

export interface RestStreamEstimate {
  /** The collection's size without reading it (a count endpoint); used when there is no saved cursor. */
  count?(ctx: PlanContext): Promise<number | undefined>;
  /** Records per page of the read: turns `count` into requests (default: the first page's size). */
  pageSize?: number;
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
    plan: (ctx) => planRestStream(def, ctx),
  };
}

/** The first request of a read: the URL, its parameters and, for a server-side incremental, its start. */
function firstUrl(def: RestStreamDefinition, ctx: ReadContext | PlanContext): { url: string; start: number } {
  const inc = def.incremental;
  const configured = def.start(ctx as ReadContext);
  const start = inc ? resumeStart(ctx.state, inc.cursorField, configured) : configured;
  const extraParams = typeof def.params === "function" ? def.params(ctx as ReadContext) : (def.params ?? {});
  const params = inc?.kind === "server" ? { ...extraParams, ...inc.startParams(start, ctx as ReadContext) } : extraParams;
  const url = new URL(typeof def.url === "function" ? def.url(ctx as ReadContext) : def.url);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.toString(), start };
}

async function planRestStream(def: RestStreamDefinition, ctx: PlanContext): Promise<StreamEstimate> {
  const { url, start } = firstUrl(def, ctx);
  const route = new URL(url).pathname;
  const inc = def.incremental;
  const saved = inc !== undefined && ctx.state?.[inc.cursorField] !== undefined;
  if (def.estimate?.count && !saved) {
    const count = await def.estimate.count(ctx);
    if (count !== undefined) {
      const requests = pagesFor(count, def.estimate.pageSize ?? 100);
      return { route, records: count, batches: [{ url, requests }], basis: "count endpoint" };
    }
  }
  const read = (from: string) => readFirstPage(ctx, { url: from, paginator: def.paginator(), records: def.records, rules: def.rules, label: def.name });
  const page = await read(url);
  const total = def.paginator().total?.(page.body);
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  const pageSize = def.estimate?.pageSize;
  let size;
  if (inc?.kind === "server" && page.more && total === undefined) {
    // A list in cursor order: sized over time, from its first page and one halfway to now.
    const cursorOf = (r: StreamRecord) => toUnixSeconds(r[inc.cursorField]);
    const from = (at: number) => {
      if (at === start) return Promise.resolve(page);
      const later = new URL(url);
      for (const [k, v] of Object.entries(inc.startParams(at, ctx as unknown as ReadContext))) later.searchParams.set(k, v);
      return read(later.toString());
    };
    size = await sizeOverTime({ firstPageFrom: from, start, cursorOf, nowSeconds, pageSize });
  } else {
    size = sizeFromFirstPage(page, { total, nowSeconds, pageSize });
  }
  const basis = saved ? `saved state + ${size.basis}` : size.basis;
  return { route, records: size.records, batches: [{ url, requests: size.requests }], basis, sample: page.records.slice(0, 5) };
}

async function* readRestStream(def: RestStreamDefinition, ctx: ReadContext): AsyncGenerator<Page> {
  const inc = def.incremental;
  const { url, start } = firstUrl(def, ctx);
  const tracker = inc
    ? new CursorTracker({
        cursorField: inc.cursorField,
        format: inc.stateFormat,
        start,
        filterOlder: inc.kind === "client",
        dedupeAcrossPages: inc.kind === "server" && inc.dedupeAcrossPages === true,
      })
    : undefined;
  const drift = new SchemaDriftWatch(def.name, isZodSchema(def.schema) ? def.schema : undefined, ctx.logger);
  const walk = { url, paginator: def.paginator(), records: def.records, rules: def.rules, label: def.name, readAhead: def.readAhead === true };
  for await (const page of walkPages(ctx, walk)) {
    for (const record of page.records) drift.check(record);
    const kept = tracker ? tracker.keep(page.records) : page.records;
    // Records the API reports as deleted still move the cursor (the tracker saw them) but leave as deletions.
    const records: StreamRecord[] = [];
    const deletions: Deletion[] = [];
    for (const record of kept) {
      const deletedAt = def.deletedAt?.(record);
      if (deletedAt !== undefined) deletions.push({ record, deletedAt });
      else records.push(record);
    }
    const deleted = deletions.length > 0 ? { deletions } : {};
    yield inc?.kind === "server" ? { records, ...deleted, checkpoint: tracker!.checkpoint() } : { records, ...deleted };
  }
  if (inc?.kind === "client") yield { records: [], checkpoint: tracker!.checkpoint() };
}
