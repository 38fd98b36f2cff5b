/**
 * `calabi plan`: before a sync, each selected stream (or shared pass) estimates its route, records
 * and requests through its `plan` hook; the requests are sorted into the connection's rate classes
 * by the budget, and the runner's schedule is replayed at the classes' live limits
 * (`estimateRunTime`). Names no API: what to count and how is each stream's business.
 */
import type { RateClassSnapshot } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { GroupEstimate, PlanContext, RequestBatch, StreamEstimate } from "../contracts/plan.js";
import type { Connection } from "../contracts/source.js";
import type { StreamStates } from "../contracts/state.js";
import type { Stream, StreamGroup, StreamState, SyncMode } from "../contracts/stream.js";
import { SkipError } from "../errors.js";
import type { ConfiguredCatalog } from "../protocol/messages.js";
import { planUnits } from "../runner/run-streams.js";
import { mapBounded } from "../streams/substream.js";
import { redactor } from "../util/redactor.js";
import { type ClassWindow, estimateRunTime } from "./estimate-time.js";

export interface PlanSyncOptions {
  streams: ReadonlyMap<string, Stream<any, any>>;
  groups?: StreamGroup[];
  catalog: ConfiguredCatalog;
  /** Saved state (before migration): an incremental plan starts where the sync would. */
  states: StreamStates;
  connection: Connection;
  config: unknown;
  clock: Clock;
  logger: Logger;
  /** Units read at once (the source config's concurrency setting). */
  concurrency: number;
  signal?: AbortSignal;
  /**
   * Length of every rate class's window, when the server's differs from the documented one (a
   * simulator with a compressed minute). Default: each class's own.
   */
  windowMs?: number;
  /**
   * Time one request takes (ms). Default: measured once the estimates are done, by sending the
   * plan's smallest request again a few times, one after another (`LATENCY_PROBES`): what a small
   * request (a partition's child list) costs when nothing else competes; bigger pages belong to
   * rate-limited exports, where the window, not the latency, sets the pace.
   */
  latencyMs?: number;
}

export interface StreamPlan {
  stream: string;
  route: string;
  records?: number;
  /** Requests of this stream (a shared pass's are its first member's, as in the sync summary). */
  requests: number;
  /** Its requests per rate class. */
  classes: Record<string, number>;
  /** When its unit starts and how long it runs in the replay, seconds. */
  startSeconds: number;
  seconds: number;
  basis: string;
  /** The shared pass it is read in, when it is. */
  sharedWith?: string[];
  /** Why there is no estimate (a refused stream, an error). */
  problem?: string;
}

export interface ClassPlan {
  name: string;
  /** The limit in force (live when the server reported it). */
  limit: number;
  windowSeconds: number;
  requests: number;
  /** When its last request is done in the replay, seconds from the start. */
  seconds: number;
  /** What the class alone needs at its limit, seconds. */
  boundSeconds: number;
}

export interface SyncPlan {
  estimatedSeconds: number;
  streams: StreamPlan[];
  classes: ClassPlan[];
  /** Requests the plan itself sent. */
  requestsMade: number;
  latencyMs: number;
  concurrency: number;
}

interface UnitEstimate {
  rateClass?: string;
  members: string[];
  batches: RequestBatch[];
  rows: StreamPlan[];
}

export async function planSync(options: PlanSyncOptions): Promise<SyncPlan> {
  const { connection, clock } = options;
  const samples: { ms: number; bytes: number; request: HttpRequest }[] = [];
  let requestsMade = 0;
  const http = timedHttp(connection.http, clock, (ms, bytes, request) => {
    requestsMade++;
    samples.push({ ms, bytes, request });
  });
  const memo = new Map<string, Promise<unknown>>();
  const base = {
    config: options.config,
    http,
    baseUrl: connection.baseUrl,
    logger: options.logger,
    clock,
    signal: options.signal ?? new AbortController().signal,
    concurrency: options.concurrency,
    selected: new Set(options.catalog.streams.map((s) => s.stream.name)) as ReadonlySet<string>,
    once<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<T>;
    },
  };
  const units = planUnits(options.catalog, options.groups ?? [], options);
  const estimates = await mapBounded(units, Math.max(1, options.concurrency), undefined, async (unit): Promise<UnitEstimate> => ({
    ...(await estimateUnit(unit)),
    ...(unit.rateClass !== undefined ? { rateClass: unit.rateClass } : {}),
  }));
  async function estimateUnit(unit: (typeof units)[number]): Promise<UnitEstimate> {
    const members: Record<string, { mode: SyncMode; state: StreamState | undefined }> = {};
    const rows: StreamPlan[] = [];
    for (const configured of unit.members) {
      const name = configured.stream.name;
      const stream = options.streams.get(name);
      const saved = configured.sync_mode === "incremental" ? options.states[name] : undefined;
      try {
        if (!stream) throw new Error(`stream "${name}" is not offered by any installed plugin`);
        members[name] = { mode: configured.sync_mode, state: saved && stream.migrateState ? stream.migrateState(saved) : saved };
      } catch (error) {
        rows.push(problemRow(name, error));
      }
    }
    const live = unit.members.map((m) => m.stream.name).filter((n) => members[n]);
    if (live.length === 0) return { members: [], batches: [], rows };
    try {
      if (unit.group && live.length > 1 && unit.group.plan) {
        const group: GroupEstimate = await unit.group.plan({ ...base, members: Object.fromEntries(live.map((n) => [n, members[n]])) });
        return {
          members: live,
          batches: group.batches,
          rows: [...rows, ...live.map((n) => row(n, { route: group.route, basis: group.basis, records: group.records[n], batches: n === live[0] ? group.batches : [] }, live))],
        };
      }
      // A group without a plan hook is estimated as its first member read alone.
      const only = live[0];
      const stream = options.streams.get(only)!;
      const ctx: PlanContext = { ...base, mode: members[only].mode, state: members[only].state };
      const estimate = stream.plan ? await stream.plan(ctx) : noEstimate();
      const shared = live.length > 1 ? live : undefined;
      return {
        members: live,
        batches: estimate.batches,
        rows: [...rows, row(only, estimate, shared), ...live.slice(1).map((n) => row(n, { route: estimate.route, basis: estimate.basis, batches: [] }, shared))],
      };
    } catch (error) {
      return { members: [], batches: [], rows: [...rows, ...live.map((n) => problemRow(n, error))] };
    }
  }

  const now = clock.now();
  const snapshot: RateClassSnapshot[] = connection.budget.snapshot?.() ?? [];
  const classes: ClassWindow[] = snapshot.map((c) => {
    const windowMs = options.windowMs ?? c.windowMs;
    const reported = c.serverRemaining !== undefined && c.serverResetAt !== undefined && c.serverResetAt > now;
    return {
      name: c.name,
      limit: c.limit,
      windowMs,
      ...(reported ? { remaining: c.serverRemaining, resetInMs: Math.min(c.serverResetAt! - now, windowMs) } : {}),
      marginMs: c.marginMs ?? 0,
    };
  });
  const classesOf = (url: string) => connection.budget.classesOf?.(url) ?? [];
  const latencyMs = options.latencyMs ?? (await measureLatency(http, samples, base.signal));
  // The runner: units by rate class, `concurrency` per class, `concurrency` requests on the wire.
  const timing = estimateRunTime({
    units: estimates.map((u) => ({
      ...(u.rateClass !== undefined ? { rateClass: u.rateClass } : {}),
      batches: u.batches.map((b) => ({ classes: classesOf(b.url), requests: b.requests, parallel: b.parallel, alongside: b.alongside })),
    })),
    classes,
    concurrency: options.concurrency,
    byClass: true,
    inFlight: Math.max(1, options.concurrency),
    latencyMs,
  });

  const streams: StreamPlan[] = [];
  estimates.forEach((u, i) => {
    const { startMs, endMs } = timing.units[i];
    for (const r of u.rows) {
      if (u.members.includes(r.stream)) Object.assign(r, { startSeconds: startMs / 1000, seconds: (endMs - startMs) / 1000 });
      streams.push(r);
    }
  });
  const order = new Map(options.catalog.streams.map((s, i) => [s.stream.name, i]));
  streams.sort((a, b) => order.get(a.stream)! - order.get(b.stream)!);
  for (const s of streams) s.classes = perClass(s, estimates, classesOf);

  const classPlans: ClassPlan[] = classes.map((c, i) => {
    const t = timing.classes[i];
    return {
      name: c.name,
      limit: c.limit,
      windowSeconds: c.windowMs / 1000,
      requests: t.requests,
      seconds: t.requests > 0 ? (t.lastSentMs + latencyMs) / 1000 : 0,
      boundSeconds: boundMs(t.requests, c) / 1000,
    };
  });
  return { estimatedSeconds: timing.totalMs / 1000, streams, classes: classPlans, requestsMade, latencyMs, concurrency: options.concurrency };
}

/** A class alone: what is left of the current window goes at once, then a window per `limit`. */
function boundMs(requests: number, c: ClassWindow): number {
  const remaining = c.remaining ?? c.limit;
  if (requests <= remaining) return 0;
  const windows = Math.ceil((requests - remaining) / c.limit);
  return (c.resetInMs ?? c.windowMs) + (windows - 1) * c.windowMs + (c.marginMs ?? 0);
}

function perClass(s: StreamPlan, estimates: UnitEstimate[], classesOf: (url: string) => string[]): Record<string, number> {
  const unit = estimates.find((u) => u.members[0] === s.stream);
  const out: Record<string, number> = {};
  if (!unit) return out;
  for (const b of unit.batches) for (const c of classesOf(b.url)) out[c] = (out[c] ?? 0) + Math.ceil(b.requests);
  return out;
}

function row(stream: string, e: Omit<StreamEstimate, "records"> & { records?: number }, sharedWith?: string[]): StreamPlan {
  return {
    stream,
    route: e.route,
    ...(e.records !== undefined ? { records: e.records } : {}),
    requests: e.batches.reduce((n, b) => n + Math.ceil(b.requests), 0),
    classes: {},
    startSeconds: 0,
    seconds: 0,
    basis: e.basis,
    ...(sharedWith ? { sharedWith } : {}),
  };
}

function problemRow(stream: string, error: unknown): StreamPlan {
  const message = redactor.redact(error instanceof Error ? error.message : String(error));
  const problem = error instanceof SkipError ? `skipped: ${message}` : message;
  return { stream, route: "", requests: 0, classes: {}, startSeconds: 0, seconds: 0, basis: "no estimate", problem };
}

function noEstimate(): StreamEstimate {
  return { route: "", batches: [], basis: "no estimate (the stream's plugin has no plan hook)" };
}

/** Requests the plan sends again, one after another, to time a small request. */
export const LATENCY_PROBES = 5;

/** The median time of the plan's smallest request sent again `LATENCY_PROBES` times in a row (0 without requests). */
async function measureLatency(http: HttpClient, samples: { ms: number; bytes: number; request: HttpRequest }[], signal: AbortSignal): Promise<number> {
  const smallest = [...samples].sort((a, b) => a.bytes - b.bytes)[0];
  if (!smallest) return 0;
  const before = samples.length;
  for (let i = 0; i < LATENCY_PROBES; i++) {
    try {
      await http.send(smallest.request, { signal, label: "plan latency" });
    } catch {
      break;
    }
  }
  const timed = samples.slice(before);
  return timed.length > 0 ? smallRequestMs(timed) : smallest.ms;
}

/** The median time of the smaller half of the samples by response size. */
export function smallRequestMs(samples: { ms: number; bytes: number }[]): number {
  const bySize = [...samples].sort((a, b) => a.bytes - b.bytes);
  return median(bySize.slice(0, Math.max(1, Math.ceil(bySize.length / 2))).map((s) => s.ms));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The connection's client, timing each request and counting it as the plan's own. */
function timedHttp(http: HttpClient, clock: Clock, record: (ms: number, bytes: number, request: HttpRequest) => void): HttpClient {
  const timed = async <T>(run: () => Promise<T>, response: (result: T) => HttpResponse): Promise<T> => {
    const started = clock.now();
    const result = await run();
    const r = response(result);
    record(clock.now() - started, r.text.length, r.request);
    return result;
  };
  // No file transfers: a plan reads lists only.
  return {
    send: (request, options) => timed(() => http.send(request, options), (r) => r),
    getJson: (url, options) => timed(() => http.getJson(url, options), (r) => r.response),
  };
}
