/**
 * `@calabi/auth-zendesk/testing`: read a stream through a real Zendesk connection (auth, budgets,
 * retries, error rules) against `@calabi/zendesk-simulator` on loopback, and compare with its
 * ground truth. For our stream plugins' tests and third parties' alike; needs the simulator installed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rateClassesFor, zendeskRateClasses } from "../rate-classes.js";
import { zendeskSource } from "../source.js";
import { createFileStore, type Clock, type FileStore, type ReadContext, type Stream, type StreamState, systemClock } from "@calabi/kernel";
import { readStream as readKernelStream, testConnection, type ReadStreamResult } from "@calabi/kernel/testing";
import type { RunningSimulator } from "@calabi/zendesk-simulator";

/** The kernel's read result: records, deletions, checkpoints, pages, requests (counted by the simulator), logs, warnings. */
export type ReadResult = ReadStreamResult;

/** The raw config of a connection to the simulator (api_token credentials), with `extra` keys on top. */
export function rawConfigFor(sim: RunningSimulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subdomain: "acme",
    base_url: sim.url,
    start_date: "2024-01-01T00:00:00Z",
    credentials: { credentials: "api_token", email: "tests@example.com", api_token: "test-token-123" },
    ...extra,
  };
}

export function configFor(sim: RunningSimulator, extra: Record<string, unknown> = {}) {
  return zendeskSource.parseConfig(rawConfigFor(sim, extra));
}

/** A temporary directory (e.g. an output dir for file transfer) and its cleanup. */
export async function tempDir(prefix = "calabi-test-"): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Reads one stream to the end (or `stopAfterPages`) through the real Zendesk connection to the
 * simulator: the kernel's `readStream` with this source. A given `state` goes through the stream's
 * `migrateState` first, as the runner does.
 */
export async function readStream(
  stream: Stream<any, any>,
  sim: RunningSimulator,
  options: { state?: StreamState; config?: Record<string, unknown>; stopAfterPages?: number; files?: FileStore; output?: string; clock?: Clock } = {},
): Promise<ReadResult> {
  const files = options.files ?? (options.output ? createFileStore(options.output) : undefined);
  const before = sim.requests().length;
  const result = await readKernelStream(stream, {
    source: zendeskSource,
    config: rawConfigFor(sim, options.config),
    clock: options.clock ?? systemClock,
    ...(options.state ? { state: options.state } : {}),
    ...(options.stopAfterPages ? { stopAfterPages: options.stopAfterPages } : {}),
    ...(files ? { files } : {}),
  });
  // Requests as the simulator counted them (what reached it, retries included).
  return { ...result, requests: sim.requests().length - before };
}

/**
 * A connection to the simulator and a read-context builder over it, in the shape the kernel's
 * conformance kit takes (`checkStreamConformance(stream, { context })`): the kernel's
 * `testConnection` with this source. Close it when done.
 */
export async function conformanceContext(
  sim: RunningSimulator,
  extra: Record<string, unknown> = {},
): Promise<{ context(state: StreamState | undefined): ReadContext; close(): Promise<void> }> {
  const connection = await testConnection({ source: zendeskSource, config: rawConfigFor(sim, extra), logLevel: "error" });
  return { context: (state) => connection.context(state), close: () => connection.close() };
}

/** Fields this connector adds to API records. */
export const ADDED = ["brand_id", "_airbyte_parent_id", "file_relative_path", "file_size_bytes", "file_sha256", "file_name_sanitized", "file_download_error"];

export function apiFields(record: Record<string, unknown>): Record<string, unknown> {
  const out = { ...record };
  for (const k of ADDED) delete out[k];
  return out;
}

/** Newest version per id (append-dedup), API fields only, sorted by id. */
export function latest(records: Record<string, unknown>[]): Record<string, unknown>[] {
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const r of records) byId.set(r.id, apiFields(r));
  return [...byId.values()].sort((a, b) => (a.id as number) - (b.id as number));
}

export const lastState = (r: ReadResult) => r.checkpoints[r.checkpoints.length - 1];

/** Order by string form (ids of any type). */
export const compare = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/**
 * A ground truth (or any expected list) that must not be empty: comparing an empty read with an empty
 * truth would pass whatever the stream does. Throws, naming `what`, when `records` is empty.
 */
export function nonEmpty<T>(records: T[], what = "the ground truth"): T[] {
  if (records.length === 0) throw new Error(`${what} is empty, so comparing a read with it would prove nothing`);
  return records;
}

/** The values of `key` (default the id), sorted: compare a read with a ground truth as a set. */
export const ids = (records: Record<string, unknown>[], key = "id") => records.map((r) => r[key]).sort(compare);

/** The newest version of every record by primary key, as an append-dedup destination keeps it (all fields). */
export function dedupe(records: Record<string, unknown>[], key = "id"): Map<unknown, Record<string, unknown>> {
  const byKey = new Map<unknown, Record<string, unknown>>();
  for (const record of records) byKey.set(record[key], record);
  return byKey;
}

/** Real time, but every wait (retry backoff) is 100 times shorter: retry paths without seconds of sleeping. */
export const fastClock: Clock = {
  now: () => systemClock.now(),
  sleep: (ms, signal) => systemClock.sleep(Math.ceil(ms / 100), signal),
};

/**
 * Minutes of each Zendesk rate class (at its default requests per minute) that these request paths
 * spend: a request counts against every class it matches, as the budget counts it.
 */
export function rateClassMinutes(paths: string[]): Map<string, number> {
  const classes = zendeskRateClasses();
  const perMinute = new Map(classes.map((c) => [c.name, c.requestsPerWindow]));
  const minutes = new Map<string, number>();
  for (const path of paths) {
    for (const c of rateClassesFor(path.split("?")[0], classes)) minutes.set(c, (minutes.get(c) ?? 0) + 1 / perMinute.get(c)!);
  }
  return minutes;
}

/** The classes these request paths spend the most minutes of (several on a tie): what `Stream.rateClass` should name. */
export function slowestRateClasses(paths: string[]): string[] {
  const minutes = rateClassMinutes(paths);
  const most = Math.max(...minutes.values());
  // Sums of 1/n are compared with a tolerance: 7 × 1/700 and 1/100 are the same minute.
  return [...minutes].filter(([, m]) => m >= most - 1e-9).map(([name]) => name);
}

/**
 * Reads `stream` on a first sync against the simulator and reports the rate class it names
 * (`Stream.rateClass`), the classes its requests spent the most minutes of, and the minutes per
 * class: a stream names the class it waits on when `slowest` contains `declared`.
 */
export async function rateClassCheck(stream: Stream<any, any>, sim: RunningSimulator): Promise<{ declared: string | undefined; slowest: string[]; minutes: Record<string, number> }> {
  const declared = stream.rateClass?.({ config: {}, mode: "incremental", state: undefined, selected: new Set([stream.spec.name]) });
  const before = sim.requests().length;
  await readStream(stream, sim);
  const paths = sim.requests().slice(before).map((r) => r.path);
  return { declared, slowest: slowestRateClasses(paths), minutes: Object.fromEntries(rateClassMinutes(paths)) };
}
