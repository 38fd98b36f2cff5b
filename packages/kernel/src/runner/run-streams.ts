import type { BudgetWaitEvent } from "../contracts/budget.js";
import type { Clock } from "../contracts/clock.js";
import type { Destination } from "../contracts/destination.js";
import type { HttpClient } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import type { Connection } from "../contracts/source.js";
import type { StateStore, StreamStates } from "../contracts/state.js";
import type { ReadContext, Stream, StreamState } from "../contracts/stream.js";
import { ConnectorError, SkipError } from "../errors.js";
import { errorTraceMessage, logMessage, stateMessage, streamStatusMessage } from "../protocol/builders.js";
import type { ConfiguredAirbyteStream, ConfiguredCatalog, MessageSink } from "../protocol/messages.js";
import { redactor } from "../util/redactor.js";

export type StreamStatus = "succeeded" | "skipped" | "failed" | "stopped";

export interface StreamOutcome {
  stream: string;
  status: StreamStatus;
  records: number;
  pages: number;
  requests: number;
  seconds: number;
  message?: string;
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
  /** A LOG heartbeat is emitted at most this often while requests wait on a budget (ms). */
  heartbeatIntervalMs?: number;
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
  const queue = [...catalog.streams];
  const outcomes: StreamOutcome[] = [];
  const worker = async () => {
    // After a soft stop, streams that have not started yet are left out of the outcomes.
    while (queue.length > 0 && !options.stopSignal?.aborted) {
      outcomes.push(await runOneStream(queue.shift()!, options));
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

async function runOneStream(configured: ConfiguredAirbyteStream, options: RunStreamsOptions): Promise<StreamOutcome> {
  const { destination, stateStore, sink, clock, logger } = options;
  const name = configured.stream.name;
  const started = clock.now();
  const outcome: StreamOutcome = { stream: name, status: "succeeded", records: 0, pages: 0, requests: 0, seconds: 0 };
  const finish = async (status: StreamStatus, message?: string) => {
    outcome.status = status;
    outcome.message = message;
    outcome.seconds = (clock.now() - started) / 1000;
    const complete = status === "succeeded" || status === "skipped";
    await destination.endStream(name, status === "succeeded");
    await sink.emit(streamStatusMessage(name, complete ? "COMPLETE" : "INCOMPLETE", clock.now()));
    options.onProgress?.({ type: "stream-finished", outcome: { ...outcome } });
    return outcome;
  };

  const stream = options.streams.get(name);
  await sink.emit(streamStatusMessage(name, "STARTED", clock.now()));
  options.onProgress?.({ type: "stream-started", stream: name });
  if (!stream) {
    const message = `Stream "${name}" is not offered by any installed plugin.`;
    await sink.emit(errorTraceMessage(message, "config_error", clock.now(), name));
    return finish("failed", message);
  }

  const incremental = configured.sync_mode === "incremental";
  const saved = options.states[name];
  let state: StreamState | undefined;
  try {
    state = incremental && saved ? (stream.migrateState ? stream.migrateState(saved) : saved) : undefined;
  } catch (error) {
    const message = `The saved state of stream "${name}" cannot be used: ${(error as Error).message}`;
    await sink.emit(errorTraceMessage(redactor.redact(message), "config_error", clock.now(), name));
    return finish("failed", message);
  }

  const ctx: ReadContext = {
    config: options.config,
    mode: configured.sync_mode,
    state,
    http: countingHttp(options.connection.http, () => outcome.requests++),
    baseUrl: options.connection.baseUrl,
    logger,
    clock,
    signal: options.abortSignal ?? new AbortController().signal,
    progress: { page: () => undefined },
  };

  let recordsSinceState = 0;
  try {
    for await (const page of stream.read(ctx)) {
      if (outcome.pages === 0) await sink.emit(streamStatusMessage(name, "RUNNING", clock.now()));
      for (const record of page.records) await destination.write(name, record);
      outcome.pages++;
      outcome.records += page.records.length;
      recordsSinceState += page.records.length;
      options.onProgress?.({
        type: "page",
        stream: name,
        records: page.records.length,
        totalRecords: outcome.records,
        pages: outcome.pages,
      });
      if (page.checkpoint) {
        // State after data: the records before this checkpoint are durable before the state moves.
        await destination.flush();
        await stateStore.commit(name, page.checkpoint);
        await sink.emit(stateMessage(name, page.checkpoint, recordsSinceState));
        options.onProgress?.({ type: "checkpoint", stream: name, state: page.checkpoint });
        recordsSinceState = 0;
      }
      if (options.stopSignal?.aborted) {
        await destination.flush();
        return finish("stopped", "stopped by signal");
      }
    }
    await destination.flush();
    return finish("succeeded");
  } catch (error) {
    await destination.flush().catch(() => undefined);
    if (error instanceof SkipError && error.scope === "stream") {
      const message = redactor.redact(`Stream "${name}" skipped: ${error.message}`);
      if (options.required?.has(name)) {
        await sink.emit(errorTraceMessage(message, "config_error", clock.now(), name));
        return finish("failed", message);
      }
      await sink.emit(logMessage("WARN", message));
      logger.warn(message);
      return finish("skipped", message);
    }
    const failureType = error instanceof ConnectorError ? error.failureType : "system_error";
    const message = redactor.redact(
      error instanceof ConnectorError
        ? `Stream "${name}" failed: ${error.message}`
        : `Stream "${name}" failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
    );
    await sink.emit(errorTraceMessage(message, failureType, clock.now(), name, (error as Error)?.name));
    return finish("failed", message);
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
  };
}
