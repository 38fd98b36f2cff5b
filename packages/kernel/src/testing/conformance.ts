import type { Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";

/**
 * The conformance checks any stream plugin (ours or a third party's) can run against a test
 * server: the spec is well formed, records carry their primary key (and cursor), and a run cut
 * after page k and resumed from that page's checkpoint ends with the same records as a full run.
 * Framework-agnostic: it returns the problems found; a test asserts the list is empty.
 */
export interface ConformanceOptions {
  /** Builds a fresh read context (a new connection each time is fine) for the given state. */
  context(state: StreamState | undefined): ReadContext | Promise<ReadContext>;
  /** Where to cut the resumed run (default: after the first page that carries a checkpoint). */
  cutAfterPage?: number;
}

export interface ConformanceReport {
  stream: string;
  problems: string[];
  records: number;
  pages: number;
}

export async function checkStreamConformance(stream: Stream<any, any>, options: ConformanceOptions): Promise<ConformanceReport> {
  const { spec } = stream;
  const problems: string[] = [];
  const schema = spec.jsonSchema as { type?: unknown; properties?: unknown };
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types.includes("object")) problems.push(`jsonSchema.type must include "object" (got ${JSON.stringify(schema.type)})`);
  if (typeof schema.properties !== "object" || schema.properties === null) problems.push("jsonSchema has no properties");
  if (!/^[a-z][a-z0-9_]*$/.test(spec.name)) problems.push(`stream name "${spec.name}" is not snake_case`);
  for (const path of [...spec.primaryKey, ...(spec.cursorField ? [spec.cursorField] : [])]) {
    const top = path[0];
    if (top && typeof schema.properties === "object" && schema.properties && !(top in (schema.properties as object))) {
      problems.push(`key path ${path.join(".")} is not a property of the schema`);
    }
  }

  const full = await collect(stream, await options.context(undefined));
  const missingKey = full.records.filter((r) => spec.primaryKey.some((path) => valueAt(r, path) == null));
  if (spec.primaryKey.length > 0 && missingKey.length > 0) problems.push(`${missingKey.length} records lack the primary key`);
  // APIs leave the cursor off some records (group_memberships without updated_at); a cursor
  // field that no record has is a wrong definition.
  if (spec.cursorField && full.records.length > 0 && full.records.every((r) => valueAt(r, spec.cursorField!) == null)) {
    problems.push(`no record has the cursor field ${spec.cursorField.join(".")}`);
  }
  if (spec.cursorField && !full.pages.some((p) => p.checkpoint)) problems.push("an incremental stream emitted no checkpoint");

  const cut = options.cutAfterPage ?? full.pages.findIndex((p) => p.checkpoint) + 1;
  if (spec.cursorField && cut > 0 && cut < full.pages.length) {
    const checkpoint = [...full.pages.slice(0, cut)].reverse().find((p) => p.checkpoint)?.checkpoint;
    const resumed = await collect(stream, await options.context(checkpoint));
    const before = full.pages.slice(0, cut).flatMap((p) => p.records);
    const combined = keyed(spec.primaryKey, [...before, ...resumed.records]);
    const expected = keyed(spec.primaryKey, full.records);
    const missing = [...expected.keys()].filter((k) => !combined.has(k));
    if (missing.length > 0) problems.push(`a run cut after page ${cut} and resumed lost ${missing.length} records (e.g. ${missing[0]})`);
    const changed = [...expected.entries()].filter(([k, r]) => combined.has(k) && JSON.stringify(combined.get(k)) !== JSON.stringify(r));
    if (changed.length > 0) problems.push(`a run cut after page ${cut} and resumed ended with ${changed.length} different records`);
  }
  return { stream: spec.name, problems, records: full.records.length, pages: full.pages.length };
}

async function collect(stream: Stream<any, any>, ctx: ReadContext): Promise<{ pages: Page[]; records: StreamRecord[] }> {
  const pages: Page[] = [];
  for await (const page of stream.read(ctx)) pages.push(page);
  return { pages, records: pages.flatMap((p) => p.records) };
}

function valueAt(record: StreamRecord, path: string[]): unknown {
  let value: unknown = record;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** Newest version per primary key (records without a key are keyed by their content). */
function keyed(primaryKey: string[][], records: StreamRecord[]): Map<string, StreamRecord> {
  const out = new Map<string, StreamRecord>();
  for (const r of records) {
    const key = primaryKey.length ? JSON.stringify(primaryKey.map((p) => valueAt(r, p))) : JSON.stringify(r);
    out.set(key, r);
  }
  return out;
}
