import type { BudgetWaitEvent } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { Destination } from "../contracts/destination.js";
import type { FileStore } from "../contracts/files.js";
import type { HttpClient } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { Connection } from "../contracts/source.js";
import type { StateStore, StreamStates } from "../contracts/state.js";
import type { GroupPage, GroupReadContext, ReadContext, Stream, StreamGroup, StreamState } from "../contracts/stream.js";
import { ConnectorError, SkipError } from "../errors.js";
import { cdcDeletionRecord, errorTraceMessage, logMessage, stateMessage, streamStatusMessage } from "../protocol/builders.js";
import type { ConfiguredAirbyteStream, ConfiguredCatalog, MessageSink } from "../protocol/messages.js";
import { redactor } from "../util/redactor.js";
import { describeSystemError } from "../util/system-errors.js";

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
  /** How many streams read at once (`num_workers`). */
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
  const queue = planUnits(catalog, options.groups ?? []);
  const outcomes: StreamOutcome[] = [];
  const worker = async () => {
    // After a soft stop, streams that have not started yet are left out of the outcomes.
    while (queue.length > 0 && !options.stopSignal?.aborted) {
      outcomes.push(...(await runUnit(queue.shift()!, options)));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  } finally {
    unsubscribe();
    await destination.close();
  }
  const order = new Map(catalog.streams.map((s, i) => [s.stream.name, i]));
  return outcomes.sort((a, b) => order.get(a.stream)! - order.get(b.stream)!);
}

/** What one worker reads in one go: a single stream, or a group of streams sharing one pass. */
interface Unit {
  members: ConfiguredAirbyteStream[];
  group?: StreamGroup;
}

function planUnits(catalog: ConfiguredCatalog, groups: StreamGroup[]): Unit[] {
  const configured = new Map(catalog.streams.map((s) => [s.stream.name, s]));
  const units: Unit[] = [];
  const grouped = new Set<string>();
  for (const group of groups) {
    const members = group.members.filter((m) => configured.has(m) && !grouped.has(m)).map((m) => configured.get(m)!);
    if (members.length < 2) continue;
    members.forEach((m) => grouped.add(m.stream.name));
    units.push({ members, group });
  }
  for (const s of catalog.streams) if (!grouped.has(s.stream.name)) units.push({ members: [s] });
  const position = new Map(catalog.streams.map((s, i) => [s.stream.name, i]));
  return units.sort((a, b) => position.get(a.members[0].stream.name)! - position.get(b.members[0].stream.name)!);
}

async function runUnit(unit: Unit, options: RunStreamsOptions): Promise<StreamOutcome[]> {
  const { destination, stateStore, sink, clock, logger } = options;
  const started = clock.now();
  const names = unit.members.map((m) => m.stream.name);
  const outcomes = new Map<string, StreamOutcome>(
    names.map((name) => [name, { stream: name, status: "succeeded", records: 0, pages: 0, requests: 0, seconds: 0 }]),
  );
  let requests = 0;
  // An overwrite destination swaps its data in only when the stream succeeds, so the state that
  // describes that data may only be saved then; otherwise a crash would leave a state ahead of the data.
  const overwrite = new Set(unit.members.filter((m) => m.destination_sync_mode === "overwrite").map((m) => m.stream.name));
  const deferredStates = new Map<string, StreamState>();
  const sinceState = new Map<string, number>(names.map((n) => [n, 0]));
  const commitState = async (name: string, state: StreamState) => {
    await stateStore.commit(name, state);
    await sink.emit(stateMessage(name, state, sinceState.get(name)));
    options.onProgress?.({ type: "checkpoint", stream: name, state });
    sinceState.set(name, 0);
  };
  const finish = async (status: StreamStatus, message?: string, only?: string[]) => {
    const results: StreamOutcome[] = [];
    for (const name of only ?? names) {
      const outcome = outcomes.get(name)!;
      outcome.status = status;
      outcome.message = message;
      outcome.seconds = (clock.now() - started) / 1000;
      // A shared pass's requests are attributed to its first member, so totals add up.
      outcome.requests = name === names[0] ? requests : 0;
      const complete = status === "succeeded" || status === "skipped";
      await destination.endStream(name, status === "succeeded");
      const deferred = deferredStates.get(name);
      if (status === "succeeded" && deferred) await commitState(name, deferred);
      await sink.emit(streamStatusMessage(name, complete ? "COMPLETE" : "INCOMPLETE", clock.now()));
      options.onProgress?.({ type: "stream-finished", outcome: { ...outcome } });
      results.push(outcome);
    }
    return results;
  };

  for (const name of names) {
    await sink.emit(streamStatusMessage(name, "STARTED", clock.now()));
    options.onProgress?.({ type: "stream-started", stream: name });
  }

  // Resolve each member's stream and migrated state; a member that cannot start fails alone.
  const members: GroupReadContext["members"] = {};
  const failedEarly: StreamOutcome[] = [];
  for (const configured of unit.members) {
    const name = configured.stream.name;
    const stream = options.streams.get(name);
    if (!stream) {
      const message = `Stream "${name}" is not offered by any installed plugin.`;
      await sink.emit(errorTraceMessage(message, "config_error", clock.now(), name));
      failedEarly.push(...(await finish("failed", message, [name])));
      continue;
    }
    const saved = configured.sync_mode === "incremental" ? options.states[name] : undefined;
    try {
      members[name] = { mode: configured.sync_mode, state: saved && stream.migrateState ? stream.migrateState(saved) : saved };
    } catch (error) {
      const message = redactor.redact(`The saved state of stream "${name}" cannot be used: ${(error as Error).message}`);
      await sink.emit(errorTraceMessage(message, "config_error", clock.now(), name));
      failedEarly.push(...(await finish("failed", message, [name])));
    }
  }
  const live = names.filter((n) => members[n]);
  if (live.length === 0) return failedEarly;

  const base = {
    config: options.config,
    http: countingHttp(options.connection.http, () => requests++),
    baseUrl: options.connection.baseUrl,
    logger,
    clock,
    signal: options.abortSignal ?? new AbortController().signal,
    progress: { page: () => undefined },
    ...(options.files ? { files: options.files } : {}),
  };
  const pages: AsyncIterable<GroupPage> =
    unit.group && live.length > 1
      ? unit.group.read({ ...base, members })
      : singleStreamPages(options.streams.get(live[0])!, { ...base, mode: members[live[0]].mode, state: members[live[0]].state });

  try {
    for await (const page of pages) {
      for (const name of live) {
        const records = page.records[name] ?? [];
        const outcome = outcomes.get(name)!;
        if (outcome.pages === 0) await sink.emit(streamStatusMessage(name, "RUNNING", clock.now()));
        for (const record of records) await destination.write(name, record);
        const deletions = options.keepDeleted ? [] : (page.deletions?.[name] ?? []);
        for (const deletion of deletions) {
          // A destination without `delete` gets Airbyte's CDC record, so no deletion is ever lost.
          if (destination.delete) await destination.delete(name, deletion);
          else await destination.write(name, cdcDeletionRecord(deletion));
        }
        if (deletions.length > 0) outcome.deletions = (outcome.deletions ?? 0) + deletions.length;
        outcome.pages++;
        outcome.records += records.length;
        sinceState.set(name, sinceState.get(name)! + records.length);
        options.onProgress?.({ type: "page", stream: name, records: records.length, totalRecords: outcome.records, pages: outcome.pages });
      }
      const checkpoints = Object.entries(page.checkpoints ?? {}).filter(([name]) => members[name]);
      if (checkpoints.length > 0) {
        // State after data: the records before this checkpoint are durable before the state moves.
        await destination.flush();
        for (const [name, state] of checkpoints) {
          if (overwrite.has(name)) deferredStates.set(name, state);
          else await commitState(name, state);
        }
      }
      if (options.stopSignal?.aborted) {
        await destination.flush();
        return [...failedEarly, ...(await finish("stopped", "stopped by signal", live))];
      }
    }
    await destination.flush();
    return [...failedEarly, ...(await finish("succeeded", undefined, live))];
  } catch (error) {
    await destination.flush().catch(() => undefined);
    const label = live.length === 1 ? `Stream "${live[0]}"` : `Streams ${live.map((n) => `"${n}"`).join(", ")}`;
    if (error instanceof SkipError && error.scope === "stream") {
      const message = redactor.redact(`${label} skipped: ${error.message}`);
      const required = live.filter((n) => options.required?.has(n));
      const results: StreamOutcome[] = [...failedEarly];
      if (required.length > 0) {
        for (const name of required) await sink.emit(errorTraceMessage(message, "config_error", clock.now(), name));
        results.push(...(await finish("failed", message, required)));
      }
      const optional = live.filter((n) => !options.required?.has(n));
      if (optional.length > 0) {
        await sink.emit(logMessage("WARN", message));
        logger.warn(message);
        results.push(...(await finish("skipped", message, optional)));
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
    for (const name of live) await sink.emit(errorTraceMessage(message, failureType, clock.now(), name, (error as Error)?.name));
    if (environment) for (const name of live) outcomes.get(name)!.environmentError = (error as NodeJS.ErrnoException).code;
    return [...failedEarly, ...(await finish("failed", message, live))];
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

function countingHttp(http: HttpClient, count: () => void): HttpClient {
  return {
    send: (request, options) => {
      count();
      return http.send(request, options);
    },
    getJson: (url, options) => {
      count();
      return http.getJson(url, options);
    },
    ...(http.download
      ? {
          download: (request: Parameters<NonNullable<HttpClient["download"]>>[0], options?: Parameters<NonNullable<HttpClient["download"]>>[1]) => {
            count();
            return http.download!(request, options);
          },
        }
      : {}),
  };
}
