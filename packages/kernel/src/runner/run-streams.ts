import type { BudgetWaitEvent } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { Destination } from "../contracts/destination.js";
import type { FileStore } from "../contracts/files.js";
import type { DownloadOptions, DownloadResult, HttpClient, HttpRequest, InFlightLimit, RequestOptions } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { Connection } from "../contracts/source.js";
import type { StateStore, StreamStates } from "../contracts/state.js";
import type { GroupPage, GroupReadContext, ReadContext, Stream, StreamGroup, StreamState } from "../contracts/stream.js";
import { ConnectorError, SkipError } from "../errors.js";
import { cdcDeletionRecord, errorTraceMessage, logMessage, stateMessage, streamStatusMessage } from "../protocol/builders.js";
import type { ConfiguredAirbyteStream, ConfiguredCatalog, MessageSink } from "../protocol/messages.js";
import { redactor } from "../util/redactor.js";
import { describeSystemError } from "../util/system-errors.js";
import { createInFlightLimit, runByClass } from "./schedule.js";

export type StreamStatus = "succeeded" | "skipped" | "failed" | "stopped";

export interface StreamOutcome {
  stream: string;
  status: StreamStatus;
  records: number;
  /** Deletions reported by the source and passed to the destination (0 with `keepDeleted`). */
  deletions?: number;
  pages: number;
  requests: number;
  seconds: number;
  message?: string;
  /** The system error code (ENOSPC, EACCES…) when the machine, not the source, made the stream fail. */
  environmentError?: string;
}

export type ProgressEvent =
  | { type: "stream-started"; stream: string }
  | { type: "page"; stream: string; records: number; totalRecords: number; pages: number }
  | { type: "checkpoint"; stream: string; state: StreamState }
  | { type: "rate-limit-wait"; rateClass: string; waitMs: number; reason: string }
  | { type: "stream-finished"; outcome: StreamOutcome };

export interface RunStreamsOptions {
  /** Every stream the installed plugins offer, by name. */
  streams: ReadonlyMap<string, Stream<any, any>>;
  /** Shared passes: a group is read once when two or more of its members are selected. */
  groups?: StreamGroup[];
  catalog: ConfiguredCatalog;
  /** State loaded from the state file or `--state` (before migration). */
  states: StreamStates;
  destination: Destination;
  stateStore: StateStore;
  /** Receives STATE, TRACE and LOG messages. */
  sink: MessageSink;
  connection: Connection;
  config: unknown;
  clock: Clock;
  logger: Logger;
  /** How many streams read at once (the source config's concurrency setting). */
  concurrency: number;
  /** Streams the user named explicitly: for them, "skipped" counts as a failure. */
  required?: ReadonlySet<string>;
  /** Soft stop (SIGINT/SIGTERM): finish the current page, flush, commit, stop. */
  stopSignal?: AbortSignal;
  /** Hard stop: abort requests in flight. */
  abortSignal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Where file-transfer streams store file bodies (`sync`: `<output>/files`). */
  files?: FileStore;
  /** A LOG heartbeat is emitted at most this often while requests wait on a budget (ms). */
  heartbeatIntervalMs?: number;
  /** Ignore deletions reported by the source: deleted records stay in the destination (`--keep-deleted`). */
  keepDeleted?: boolean;
  /**
   * Commit a unit's checkpoints at most this often (ms; default 0: after every page). A deferred
   * checkpoint is committed, after a flush, at the next due page and when the stream finishes,
   * stops or fails; state stays at or behind the data either way. Each commit costs fsyncs (data
   * and state file), so pages that arrive faster than this share one.
   */
  checkpointIntervalMs?: number;
}

/**
 * The sync runner. For each configured stream: read pages, write records, and after every page that
 * carries a checkpoint, flush the destination durably and only then commit and emit the state.
 */
export async function runStreams(options: RunStreamsOptions): Promise<StreamOutcome[]> {
  const { catalog, destination, sink, clock, logger } = options;
  const heartbeatEvery = options.heartbeatIntervalMs ?? 10_000;
  let lastHeartbeat = -Infinity;
  const unsubscribe = options.connection.budget.onWait((event: BudgetWaitEvent) => {
    options.onProgress?.({ type: "rate-limit-wait", ...event });
    const now = clock.now();
    if (event.waitMs >= 1000 && now - lastHeartbeat >= heartbeatEvery) {
      lastHeartbeat = now;
      void sink.emit(
        logMessage("INFO", `Waiting ${(event.waitMs / 1000).toFixed(1)} s for the "${event.rateClass}" rate limit (${event.reason}).`),
      );
    }
  });

  await destination.open(catalog);
  const units = planUnits(catalog, options.groups ?? [], options);
  const outcomes: StreamOutcome[] = [];
  const concurrency = Math.max(1, options.concurrency);
  // One wire limit for the whole run: `concurrency` requests at once, whatever the streams.
  const inFlight = createInFlightLimit(concurrency);
  try {
    // After a soft stop, streams that have not started yet are left out of the outcomes.
    await runByClass(
      units,
      classRates(options.connection),
      concurrency,
      async (unit) => void outcomes.push(...(await runUnit(unit, options, inFlight))),
      () => options.stopSignal?.aborted === true,
    );
  } finally {
    unsubscribe();
    await destination.close();
  }
  const order = new Map(catalog.streams.map((s, i) => [s.stream.name, i]));
  return outcomes.sort((a, b) => order.get(a.stream)! - order.get(b.stream)!);
}

/** What one worker reads in one go: a single stream, or a group of streams sharing one pass. */
export interface Unit {
  members: ConfiguredAirbyteStream[];
  group?: StreamGroup;
  /** The rate class the unit waits on (the stream's or group's word), for scheduling. */
  rateClass: string | undefined;
  /** Catalog position of its first member. */
  position: number;
}

/** The units in catalog order (a group at its first member's position), with their rate classes. `calabi plan` replays the same. */
export function planUnits(catalog: ConfiguredCatalog, groups: StreamGroup[], options: Pick<RunStreamsOptions, "streams" | "states" | "config">): Unit[] {
  const configured = new Map(catalog.streams.map((s) => [s.stream.name, s]));
  const position = new Map(catalog.streams.map((s, i) => [s.stream.name, i]));
  const selected: ReadonlySet<string> = new Set(configured.keys());
  const savedState = (s: ConfiguredAirbyteStream) => (s.sync_mode === "incremental" ? options.states[s.stream.name] : undefined);
  const units: Unit[] = [];
  const grouped = new Set<string>();
  for (const group of groups) {
    const members = group.members.filter((m) => configured.has(m) && !grouped.has(m)).map((m) => configured.get(m)!);
    if (members.length < 2) continue;
    const ctx = {
      config: options.config,
      selected,
      members: Object.fromEntries(members.map((m) => [m.stream.name, { mode: m.sync_mode, state: savedState(m) }])),
    };
    if (group.accepts && !group.accepts(ctx)) continue;
    members.forEach((m) => grouped.add(m.stream.name));
    units.push({ members, group, rateClass: group.rateClass?.(ctx), position: position.get(members[0].stream.name)! });
  }
  for (const s of catalog.streams) {
    if (grouped.has(s.stream.name)) continue;
    const stream = options.streams.get(s.stream.name);
    const rateClass = stream?.rateClass?.({ config: options.config, mode: s.sync_mode, state: savedState(s), selected });
    units.push({ members: [s], rateClass, position: position.get(s.stream.name)! });
  }
  return units.sort((a, b) => a.position - b.position);
}

/** Each rate class's requests per millisecond, from the connection's budget (when it tells). */
function classRates(connection: Connection): Map<string, number> {
  return new Map((connection.budget.snapshot?.() ?? []).map((c) => [c.name, c.limit / c.windowMs]));
}

/** Reads one unit (a stream, or a shared pass of several): start, resolve, read pages, finish. */
async function runUnit(unit: Unit, options: RunStreamsOptions, inFlight: InFlightLimit): Promise<StreamOutcome[]> {
  const run = new UnitRun(unit, options, inFlight);
  await run.announce();
  const failedEarly = await run.resolveMembers();
  if (run.live.length === 0) return failedEarly;
  try {
    for await (const page of run.pages()) {
      await run.writePage(page);
      await run.commitCheckpoints(page);
      if (options.stopSignal?.aborted) {
        await options.destination.flush();
        return [...failedEarly, ...(await run.finish("stopped", "stopped by signal", run.live))];
      }
    }
    await options.destination.flush();
    return [...failedEarly, ...(await run.finish("succeeded", undefined, run.live))];
  } catch (error) {
    if (isSoftStop(error, options.stopSignal)) {
      // A soft stop cut a rate-limit or retry wait short: what was written is flushed; the state
      // stays at the last checkpoint, at or behind the data.
      await options.destination.flush();
      return [...failedEarly, ...(await run.finish("stopped", "stopped by signal", run.live))];
    }
    await options.destination.flush().catch(() => undefined);
    return [...failedEarly, ...(await run.fail(error))];
  }
}

/** The state of one unit's read, and its steps. */
class UnitRun {
  readonly names: string[];
  readonly outcomes: Map<string, StreamOutcome>;
  /** The selected members that could start, with their mode and migrated state. */
  readonly members: GroupReadContext["members"] = {};
  live: string[] = [];
  private readonly started: number;
  private requests = 0;
  /** Streams written in overwrite mode: their state is saved only once the destination swapped the data in. */
  private readonly overwrite: Set<string>;
  private readonly deferredStates = new Map<string, StreamState>();
  /** Checkpoints not committed yet because the last commit was less than `checkpointIntervalMs` ago. */
  private readonly pendingStates = new Map<string, StreamState>();
  private lastCommit = -Infinity;
  private readonly sinceState: Map<string, number>;

  constructor(
    private readonly unit: Unit,
    private readonly options: RunStreamsOptions,
    private readonly inFlight: InFlightLimit,
  ) {
    this.names = unit.members.map((m) => m.stream.name);
    this.outcomes = new Map(this.names.map((name) => [name, { stream: name, status: "succeeded", records: 0, pages: 0, requests: 0, seconds: 0 }]));
    this.started = options.clock.now();
    this.overwrite = new Set(unit.members.filter((m) => m.destination_sync_mode === "overwrite").map((m) => m.stream.name));
    this.sinceState = new Map(this.names.map((n) => [n, 0]));
  }

  async announce(): Promise<void> {
    for (const name of this.names) {
      await this.options.sink.emit(streamStatusMessage(name, "STARTED", this.options.clock.now()));
      this.options.onProgress?.({ type: "stream-started", stream: name });
    }
  }

  /** Each member's stream and migrated state; a member that cannot start fails alone. */
  async resolveMembers(): Promise<StreamOutcome[]> {
    const { options } = this;
    const failed: StreamOutcome[] = [];
    for (const configured of this.unit.members) {
      const name = configured.stream.name;
      const stream = options.streams.get(name);
      if (!stream) {
        failed.push(...(await this.failEarly(name, `Stream "${name}" is not offered by any installed plugin.`)));
        continue;
      }
      const saved = configured.sync_mode === "incremental" ? options.states[name] : undefined;
      try {
        this.members[name] = { mode: configured.sync_mode, state: saved && stream.migrateState ? stream.migrateState(saved) : saved };
      } catch (error) {
        failed.push(...(await this.failEarly(name, redactor.redact(`The saved state of stream "${name}" cannot be used: ${(error as Error).message}`))));
      }
    }
    this.live = this.names.filter((n) => this.members[n]);
    return failed;
  }

  /** The unit's pages: the group's shared pass, or the one live stream's pages. */
  pages(): AsyncIterable<GroupPage> {
    const { options } = this;
    const base = {
      config: options.config,
      http: countingHttp(options.connection.http, () => this.requests++, options.stopSignal, this.inFlight),
      baseUrl: options.connection.baseUrl,
      logger: options.logger,
      clock: options.clock,
      concurrency: options.concurrency,
      signal: options.abortSignal ?? new AbortController().signal,
      progress: { page: () => undefined },
      ...(options.files ? { files: options.files } : {}),
    };
    if (this.unit.group && this.live.length > 1) return this.unit.group.read({ ...base, members: this.members });
    const only = this.live[0];
    return singleStreamPages(options.streams.get(only)!, { ...base, mode: this.members[only].mode, state: this.members[only].state });
  }

  async writePage(page: GroupPage): Promise<void> {
    const { options } = this;
    for (const name of this.live) {
      const records = page.records[name] ?? [];
      const outcome = this.outcomes.get(name)!;
      if (outcome.pages === 0) await options.sink.emit(streamStatusMessage(name, "RUNNING", options.clock.now()));
      if (options.destination.writeMany) {
        if (records.length > 0) await options.destination.writeMany(name, records);
      } else {
        for (const record of records) await options.destination.write(name, record);
      }
      const deletions = options.keepDeleted ? [] : (page.deletions?.[name] ?? []);
      for (const deletion of deletions) {
        // A destination without `delete` gets Airbyte's CDC record, so no deletion is ever lost.
        if (options.destination.delete) await options.destination.delete(name, deletion);
        else await options.destination.write(name, cdcDeletionRecord(deletion));
      }
      if (deletions.length > 0) outcome.deletions = (outcome.deletions ?? 0) + deletions.length;
      outcome.pages++;
      outcome.records += records.length;
      this.sinceState.set(name, this.sinceState.get(name)! + records.length);
      options.onProgress?.({ type: "page", stream: name, records: records.length, totalRecords: outcome.records, pages: outcome.pages });
    }
  }

  /** State after data: the records before a checkpoint are durable before the state moves. */
  async commitCheckpoints(page: GroupPage): Promise<void> {
    const checkpoints = Object.entries(page.checkpoints ?? {}).filter(([name]) => this.members[name]);
    if (checkpoints.length === 0) return;
    for (const [name, state] of checkpoints) {
      if (this.overwrite.has(name)) this.deferredStates.set(name, state);
      else this.pendingStates.set(name, state);
    }
    const interval = this.options.checkpointIntervalMs ?? 0;
    const now = this.options.clock.now();
    if (interval > 0 && now - this.lastCommit < interval) return;
    await this.options.destination.flush();
    this.lastCommit = now;
    for (const [name, state] of this.pendingStates) await this.commitState(name, state);
    this.pendingStates.clear();
  }

  /** A checkpoint the interval held back: committed once the records before it are durable. */
  private async commitPending(name: string, status: StreamStatus): Promise<void> {
    const pending = this.pendingStates.get(name);
    if (pending === undefined) return;
    this.pendingStates.delete(name);
    if (status === "succeeded") {
      // An error here fails the stream like any failed commit.
      await this.options.destination.flush();
      await this.commitState(name, pending);
      return;
    }
    // Stopped, skipped or failed (this may run while a failure is being reported): commit only if
    // the records are durable, and never let this replace the outcome.
    try {
      await this.options.destination.flush();
      await this.commitState(name, pending);
    } catch {
      // The state stays at the previous checkpoint, behind the data.
    }
  }

  private async commitState(name: string, state: StreamState): Promise<void> {
    await this.options.stateStore.commit(name, state);
    await this.options.sink.emit(stateMessage(name, state, this.sinceState.get(name)));
    this.options.onProgress?.({ type: "checkpoint", stream: name, state });
    this.sinceState.set(name, 0);
  }

  async finish(status: StreamStatus, message: string | undefined, only: string[]): Promise<StreamOutcome[]> {
    const { options } = this;
    const results: StreamOutcome[] = [];
    for (const name of only) {
      const outcome = this.outcomes.get(name)!;
      outcome.status = status;
      outcome.message = message;
      outcome.seconds = (options.clock.now() - this.started) / 1000;
      // A shared pass's requests are attributed to its first member, so totals add up.
      outcome.requests = name === this.names[0] ? this.requests : 0;
      const complete = status === "succeeded" || status === "skipped";
      await this.commitPending(name, status);
      await options.destination.endStream(name, status === "succeeded");
      const deferred = this.deferredStates.get(name);
      if (status === "succeeded" && deferred) await this.commitState(name, deferred);
      await options.sink.emit(streamStatusMessage(name, complete ? "COMPLETE" : "INCOMPLETE", options.clock.now()));
      options.onProgress?.({ type: "stream-finished", outcome: { ...outcome } });
      results.push(outcome);
    }
    return results;
  }

  private async failEarly(name: string, message: string): Promise<StreamOutcome[]> {
    await this.options.sink.emit(errorTraceMessage(message, "config_error", this.options.clock.now(), name));
    return this.finish("failed", message, [name]);
  }

  /** A stream-scoped skip is a WARN (a failure for streams the user named); anything else fails the unit. */
  async fail(error: unknown): Promise<StreamOutcome[]> {
    const { options, live } = this;
    const now = () => options.clock.now();
    const label = live.length === 1 ? `Stream "${live[0]}"` : `Streams ${live.map((n) => `"${n}"`).join(", ")}`;
    if (error instanceof SkipError && error.scope === "stream") {
      const message = redactor.redact(`${label} skipped: ${error.message}`);
      const required = live.filter((n) => options.required?.has(n));
      const optional = live.filter((n) => !options.required?.has(n));
      const results: StreamOutcome[] = [];
      if (required.length > 0) {
        for (const name of required) await options.sink.emit(errorTraceMessage(message, "config_error", now(), name));
        results.push(...(await this.finish("failed", message, required)));
      }
      if (optional.length > 0) {
        await options.sink.emit(logMessage("WARN", message));
        options.logger.warn(message);
        results.push(...(await this.finish("skipped", message, optional)));
      }
      return results;
    }
    const failureType = error instanceof ConnectorError ? error.failureType : "system_error";
    const environment = describeSystemError(error);
    const message = redactor.redact(
      error instanceof ConnectorError
        ? `${label} failed: ${error.message}`
        : environment
          ? `${label} failed: ${environment}`
          : `${label} failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
    );
    for (const name of live) await options.sink.emit(errorTraceMessage(message, failureType, now(), name, (error as Error)?.name));
    if (environment) for (const name of live) this.outcomes.get(name)!.environmentError = (error as NodeJS.ErrnoException).code;
    return this.finish("failed", message, live);
  }
}

async function* singleStreamPages(stream: Stream<any, any>, ctx: ReadContext): AsyncIterable<GroupPage> {
  const name = stream.spec.name;
  for await (const page of stream.read(ctx)) {
    yield {
      records: { [name]: page.records },
      ...(page.deletions?.length ? { deletions: { [name]: page.deletions } } : {}),
      ...(page.checkpoint ? { checkpoints: { [name]: page.checkpoint } } : {}),
    };
  }
}

/** True when `error` is the soft-stop signal's own reason, i.e. a wait was aborted by the stop. */
function isSoftStop(error: unknown, stopSignal: AbortSignal | undefined): boolean {
  return stopSignal?.aborted === true && error === stopSignal.reason;
}

/**
 * Counts the unit's requests, lets a soft stop abort their waits (never a request in flight), and
 * takes the run's wire limit for each JSON request once its budget granted it.
 */
function countingHttp(http: HttpClient, count: () => void, stopSignal?: AbortSignal, inFlight?: InFlightLimit): HttpClient {
  const withStop = <O extends { waitSignal?: AbortSignal }>(options: O | undefined): O | undefined =>
    stopSignal ? ({ ...options, waitSignal: stopSignal } as O) : options;
  const limited = (options: RequestOptions | undefined): RequestOptions | undefined =>
    inFlight ? { ...withStop(options), inFlight: options?.inFlight ?? inFlight } : withStop(options);
  return {
    send: (request, options) => {
      count();
      return http.send(request, limited(options));
    },
    getJson: (url, options) => {
      count();
      return http.getJson(url, limited(options));
    },
    ...(http.download
      ? {
          download: (request: HttpRequest, options?: DownloadOptions) => {
            count();
            return http.download!(request, options);
          },
        }
      : {}),
    ...(http.transfer
      ? {
          transfer: <T>(request: HttpRequest, consume: (result: DownloadResult) => Promise<T>, options?: DownloadOptions) => {
            count();
            return http.transfer!(request, consume, options);
          },
        }
      : {}),
  };
}
