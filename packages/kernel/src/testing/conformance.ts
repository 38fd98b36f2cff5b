import type { Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { parseCursorSeconds, stateCursorValues } from "../streams/cursor-values.js";

/**
 * The conformance checks any stream plugin (ours or a third party's) can run against a test server
 * holding data. Framework-agnostic: it returns the problems found and which checks ran; a test
 * asserts `problems` is empty.
 *
 * Checks (each reported in `checks` as "passed", "failed" or "not run: <why>"):
 * - `spec`: the schema is an object schema with properties, the name is snake_case, key paths exist.
 * - `non-empty`: a full run reads at least one record (unless `empty` says why the account has none).
 * - `records`: every record is a JSON object and carries the primary key.
 * - `cursor-field`: some record carries the cursor field (incremental streams).
 * - `checkpoint`: an incremental stream emits a checkpoint.
 * - `state-not-in-future`: no checkpoint holds a cursor later than the clock's now (plus a day).
 * - `state-reaches-data`: the final checkpoint's cursor is at or after the newest record read.
 * - `cut-and-resume`: a run cut after page k and resumed from that page's checkpoint loses no record
 *   and ends with the same versions (streams that checkpoint before their last page).
 * - `resume-from-final-state`: resumed from its final checkpoint, a stream reads no record older than
 *   that checkpoint (every incremental stream, including those that checkpoint only at the end).
 * - `resume-from-earlier-state`: resumed from its final checkpoint moved back to a cursor inside the
 *   data, a stream reads every record newer than that cursor and none older (streams whose state
 *   keeps its cursor at the top level).
 */
export interface ConformanceOptions {
  /** Builds a fresh read context (a new connection each time is fine) for the given state. */
  context(state: StreamState | undefined): ReadContext | Promise<ReadContext>;
  /** Where to cut the resumed run (default: after the first page that carries a checkpoint). */
  cutAfterPage?: number;
  /** Why this stream legitimately reads no record from the test account (turns `non-empty` off). */
  empty?: string;
  /** How far before its saved cursor the stream deliberately reads again, in seconds (default 0). */
  lookbackSeconds?: number;
  /**
   * Why the stream deliberately emits records older than its state (e.g. children side-loaded with a
   * changed parent keep their own older cursor). The resume checks then only look for lost records.
   */
  keepsOlder?: string;
}

export type CheckName =
  | "spec"
  | "non-empty"
  | "records"
  | "cursor-field"
  | "checkpoint"
  | "state-not-in-future"
  | "state-reaches-data"
  | "cut-and-resume"
  | "resume-from-final-state"
  | "resume-from-earlier-state";

export interface ConformanceReport {
  stream: string;
  problems: string[];
  records: number;
  pages: number;
  /** Every check, with "passed", "failed" or "not run: <why>". */
  checks: Record<CheckName, string>;
}

const DAY_MS = 86_400_000;

export async function checkStreamConformance(stream: Stream<any, any>, options: ConformanceOptions): Promise<ConformanceReport> {
  const { spec } = stream;
  const checks = {} as Record<CheckName, string>;
  const problems: string[] = [];
  const check = (name: CheckName, found: string[]): void => {
    checks[name] = found.length === 0 ? "passed" : "failed";
    problems.push(...found);
  };
  const notRun = (name: CheckName, why: string): void => {
    checks[name] = `not run: ${why}`;
  };

  check("spec", specProblems(stream));

  const firstContext = await options.context(undefined);
  const full = await collect(stream, firstContext);
  const now = firstContext.clock.now();

  if (options.empty) notRun("non-empty", options.empty);
  else check("non-empty", full.records.length === 0 ? [`a full run read no records (${full.pages.length} pages) from an account that has data`] : []);

  const isObject = (r: unknown): r is StreamRecord => r !== null && typeof r === "object" && !Array.isArray(r);
  const notObjects: unknown[] = full.records.filter((r) => !isObject(r));
  const missingKey = full.records.filter((r) => isObject(r) && spec.primaryKey.some((path) => valueAt(r, path) == null));
  check("records", [
    ...(notObjects.length > 0 ? [`${notObjects.length} records are not JSON objects (e.g. ${JSON.stringify(notObjects[0])})`] : []),
    ...(spec.primaryKey.length > 0 && missingKey.length > 0 ? [`${missingKey.length} records lack the primary key`] : []),
  ]);

  const cursorField = spec.cursorField;
  if (!cursorField) {
    for (const name of ["cursor-field", "checkpoint", "state-not-in-future", "state-reaches-data", "cut-and-resume", "resume-from-final-state", "resume-from-earlier-state"] as const) {
      notRun(name, "full-refresh stream (no cursor field)");
    }
    return { stream: spec.name, problems, records: full.records.length, pages: full.pages.length, checks };
  }
  const cursorKey = cursorField[cursorField.length - 1]!;
  const cursorMs = (r: StreamRecord) => toMs(valueAt(r, cursorField));

  // Zendesk leaves the cursor off some records (group_memberships without updated_at); a cursor
  // field that no record has is a wrong definition.
  if (full.records.length === 0) notRun("cursor-field", "no records");
  else check("cursor-field", full.records.every((r) => valueAt(r, cursorField) == null) ? [`no record has the cursor field ${cursorField.join(".")}`] : []);

  const checkpoints = full.pages.filter((p) => p.checkpoint).map((p) => p.checkpoint as StreamState);
  if (checkpoints.length === 0 && full.records.length === 0) notRun("checkpoint", "no records");
  else check("checkpoint", checkpoints.length === 0 ? ["an incremental stream emitted no checkpoint"] : []);
  const finalState = checkpoints[checkpoints.length - 1];
  if (!finalState) {
    for (const name of ["state-not-in-future", "state-reaches-data", "cut-and-resume", "resume-from-final-state", "resume-from-earlier-state"] as const) notRun(name, "no checkpoint");
    return { stream: spec.name, problems, records: full.records.length, pages: full.pages.length, checks };
  }

  const future = checkpoints.flatMap((state) => stateCursors(state, cursorKey)).filter((c) => c.ms > now + DAY_MS);
  check("state-not-in-future", future.length > 0 ? [`a checkpoint holds ${cursorKey} = ${JSON.stringify(future[0]!.raw)}, after the clock's now (${new Date(now).toISOString()})`] : []);

  const finalCursors = stateCursors(finalState, cursorKey);
  const recordTimes = full.records.map(cursorMs).filter((ms): ms is number => ms !== undefined);
  const newestRecord = recordTimes.length ? Math.max(...recordTimes) : undefined;
  if (finalCursors.length === 0) notRun("state-reaches-data", `the final checkpoint holds no ${cursorKey}`);
  else if (newestRecord === undefined) notRun("state-reaches-data", "no record has a cursor value");
  else {
    const reached = Math.max(...finalCursors.map((c) => c.ms));
    check("state-reaches-data", reached < newestRecord ? [`the final checkpoint's ${cursorKey} (${new Date(reached).toISOString()}) is older than the newest record read (${new Date(newestRecord).toISOString()}): the cursor does not advance`] : []);
  }

  const cut = options.cutAfterPage ?? full.pages.findIndex((p) => p.checkpoint) + 1;
  if (cut > 0 && cut < full.pages.length) {
    const checkpoint = [...full.pages.slice(0, cut)].reverse().find((p) => p.checkpoint)!.checkpoint;
    const resumed = await collect(stream, await options.context(checkpoint));
    const before = full.pages.slice(0, cut).flatMap((p) => p.records);
    const combined = keyed(spec.primaryKey, [...before, ...resumed.records]);
    const expected = keyed(spec.primaryKey, full.records);
    const missing = [...expected.keys()].filter((k) => !combined.has(k));
    const changed = [...expected.entries()].filter(([k, r]) => combined.has(k) && JSON.stringify(combined.get(k)) !== JSON.stringify(r));
    check("cut-and-resume", [
      ...(missing.length > 0 ? [`a run cut after page ${cut} and resumed lost ${missing.length} records (e.g. ${missing[0]})`] : []),
      ...(changed.length > 0 ? [`a run cut after page ${cut} and resumed ended with ${changed.length} different records`] : []),
    ]);
  } else notRun("cut-and-resume", "the stream checkpoints only after its last page");

  const lookbackMs = (options.lookbackSeconds ?? 0) * 1000;
  if (finalCursors.length === 0) notRun("resume-from-final-state", `the final checkpoint holds no ${cursorKey}`);
  else {
    const since = Math.min(...finalCursors.map((c) => c.ms)) - lookbackMs;
    const again = await collect(stream, await options.context(finalState));
    const older = options.keepsOlder ? [] : again.records.filter((r) => (cursorMs(r) ?? Infinity) < since);
    check("resume-from-final-state", older.length > 0 ? [`resumed from its final state (${cursorKey} ${new Date(since + lookbackMs).toISOString()}), it read ${older.length} older records again (e.g. ${describe(older[0]!, spec.primaryKey, cursorField)})`] : []);
  }

  const top = finalState[cursorKey];
  const times = [...new Set(recordTimes)].sort((a, b) => a - b);
  if (toMs(top) === undefined) notRun("resume-from-earlier-state", `the final checkpoint has no top-level ${cursorKey} (per-partition state)`);
  else if (times.length < 3) notRun("resume-from-earlier-state", "fewer than 3 distinct cursor values in the data");
  else {
    const middle = times[Math.floor(times.length / 2)]!;
    const earlier = { ...finalState, [cursorKey]: sameFormat(top, middle) };
    const resumed = await collect(stream, await options.context(earlier));
    const got = keyed(spec.primaryKey, resumed.records);
    const newer = full.records.filter((r) => (cursorMs(r) ?? -Infinity) > middle);
    const lost = newer.filter((r) => !got.has(keyOf(spec.primaryKey, r)));
    const older = options.keepsOlder ? [] : resumed.records.filter((r) => (cursorMs(r) ?? Infinity) < middle - lookbackMs);
    check("resume-from-earlier-state", [
      ...(lost.length > 0 ? [`resumed from ${cursorKey} ${new Date(middle).toISOString()}, it lost ${lost.length} of ${newer.length} newer records (e.g. ${describe(lost[0]!, spec.primaryKey, cursorField)})`] : []),
      ...(older.length > 0 ? [`resumed from ${cursorKey} ${new Date(middle).toISOString()}, it read ${older.length} older records (e.g. ${describe(older[0]!, spec.primaryKey, cursorField)})`] : []),
    ]);
  }
  if (options.keepsOlder) {
    for (const name of ["resume-from-final-state", "resume-from-earlier-state"] as const) {
      if (checks[name] === "passed") checks[name] = `passed (lost records only; older records allowed: ${options.keepsOlder})`;
    }
  }
  return { stream: spec.name, problems, records: full.records.length, pages: full.pages.length, checks };
}

function specProblems(stream: Stream<any, any>): string[] {
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
  return problems;
}

/** Reads the whole stream; a saved state goes through the stream's migration first, as the runner does. */
async function collect(stream: Stream<any, any>, ctx: ReadContext): Promise<{ pages: Page[]; records: StreamRecord[] }> {
  const pages: Page[] = [];
  const state = ctx.state && stream.migrateState ? stream.migrateState(ctx.state) : ctx.state;
  for await (const page of stream.read({ ...ctx, state })) pages.push(page);
  return { pages, records: pages.flatMap((p) => p.records) };
}

function valueAt(record: StreamRecord, path: string[]): unknown {
  let value: unknown = record;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** A cursor value as epoch milliseconds of a whole second (states keep seconds, records may carry ms). */
function toMs(value: unknown): number | undefined {
  const seconds = parseCursorSeconds(value);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** `ms` written like `like`: unix seconds as a string or number, or an ISO date-time. */
function sameFormat(like: unknown, ms: number): unknown {
  if (typeof like === "number") return like < 1e11 ? Math.floor(ms / 1000) : ms;
  if (typeof like === "string" && /^\d+$/.test(like)) return String(Math.floor(ms / 1000));
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The times a state holds under the cursor key (per-partition entries included, parents' state not). */
function stateCursors(state: unknown, key: string): { raw: unknown; ms: number }[] {
  return stateCursorValues(state, key).flatMap((raw) => {
    const ms = toMs(raw);
    return ms === undefined ? [] : [{ raw, ms }];
  });
}

function keyOf(primaryKey: string[][], record: StreamRecord): string {
  return primaryKey.length ? JSON.stringify(primaryKey.map((p) => valueAt(record, p))) : JSON.stringify(record);
}

function describe(record: StreamRecord, primaryKey: string[][], cursorField: string[]): string {
  return `${keyOf(primaryKey, record)} at ${JSON.stringify(valueAt(record, cursorField))}`;
}

/** Newest version per primary key (records without a key are keyed by their content). */
function keyed(primaryKey: string[][], records: StreamRecord[]): Map<string, StreamRecord> {
  const out = new Map<string, StreamRecord>();
  for (const r of records) out.set(keyOf(primaryKey, r), r);
  return out;
}
