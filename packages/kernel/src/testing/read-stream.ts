/**
 * Reading one stream in a test, the way the runner reads it: through a source's real connection
 * (config parsing, credentials, error rules, budgets, retries) or a plain kernel HTTP client, against
 * any base URL (a fixture server, a simulator), with the logs captured. Any API, any stream kind.
 */
import type { Clock } from "../contracts/clock.js";
import type { FileStore } from "../contracts/files.js";
import type { HttpClient } from "../contracts/http.js";
import type { LogLevel } from "../contracts/logger.js";
import type { Connection, SourceDefinition } from "../contracts/source.js";
import type { Deletion, Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { createRateBudget } from "../budget/rate-budget.js";
import { createHttpClient, type HttpClientOptions } from "../http/client.js";
import { createLogger } from "../logging/logger.js";
import { systemClock } from "../util/system-clock.js";

export interface CapturedLog {
  level: LogLevel;
  /** The formatted line (`message key=value…`), secrets redacted as in a real run. */
  message: string;
}

export interface TestConnectionOptions {
  /**
   * Connect through this source, as the CLI does: `parseConfig(config)`, then `connect`. Without one,
   * requests go through a plain kernel HTTP client (no credentials, no rate classes; `http` options).
   */
  source?: SourceDefinition;
  /** Raw config: parsed by the source when there is one, else handed to the stream as is. */
  config?: Record<string, unknown>;
  /** The base URL streams read; default the connection's. Required without a source. */
  baseUrl?: string;
  /** Default the system clock. A `FakeClock` with `autoAdvance` makes backoff and budget waits instant. */
  clock?: Clock;
  /** Lowest level captured in `logs` (default "debug"). */
  logLevel?: LogLevel;
  /** Options of the plain HTTP client (rules, retry, …), when there is no source. */
  http?: Partial<HttpClientOptions>;
}

/** A live connection for tests and the read contexts built on it. Close it when done. */
export interface TestConnection {
  /** The config the streams see (parsed by the source when there is one). */
  config: any;
  baseUrl: string;
  http: HttpClient;
  /** The source's connection, when connected through a source. */
  connection?: Connection;
  clock: Clock;
  /** Every line logged through this connection and its read contexts so far. */
  logs: CapturedLog[];
  /**
   * A read context for the given state (incremental when there is one), in the shape streams and the
   * conformance kit take: `checkStreamConformance(stream, { context: (s) => conn.context(s) })`.
   */
  context(state?: StreamState, extra?: Partial<ReadContext>): ReadContext;
  /** Requests sent so far (the HTTP client's count). */
  requests(): number;
  close(): Promise<void>;
}

export async function testConnection(options: TestConnectionOptions = {}): Promise<TestConnection> {
  const clock = options.clock ?? systemClock;
  const logs: CapturedLog[] = [];
  const logger = createLogger((level, message) => logs.push({ level, message }), options.logLevel ?? "debug");
  let config: any = options.config ?? {};
  let connection: Connection | undefined;
  let http: HttpClient & { stats?(): { requests: number }; close?(): Promise<void> };
  let baseUrl: string;
  if (options.source) {
    config = options.source.parseConfig(config);
    connection = await options.source.connect(config, { clock, logger, persistConfig: async () => undefined });
    http = connection.http;
    baseUrl = options.baseUrl ?? connection.baseUrl;
  } else {
    if (!options.baseUrl) throw new Error("testConnection: give a source, or a baseUrl to read without one");
    baseUrl = options.baseUrl;
    http = createHttpClient({
      authenticator: { apply: async (request) => request },
      budget: createRateBudget({ classes: [], clock, logger }),
      clock,
      logger,
      ...options.http,
    });
  }
  const stats = () => (connection ? connection.stats().requests : (http.stats?.().requests ?? 0));
  return {
    config,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    http,
    ...(connection ? { connection } : {}),
    clock,
    logs,
    context: (state, extra = {}) => ({
      config,
      mode: state ? "incremental" : "full_refresh",
      state,
      http,
      baseUrl: baseUrl.replace(/\/+$/, ""),
      logger,
      clock,
      signal: new AbortController().signal,
      progress: { page: () => undefined },
      ...extra,
    }),
    requests: stats,
    close: async () => {
      if (connection) await connection.close();
      else await http.close?.();
    },
  };
}

export interface ReadStreamOptions extends TestConnectionOptions {
  /** Saved state to resume from; goes through the stream's `migrateState` first, as the runner does. */
  state?: StreamState;
  /** Stop after this many pages (a sync cut short). */
  stopAfterPages?: number;
  /** Where file-transfer streams store file bodies. */
  files?: FileStore;
  /** Read over this connection instead of opening one (it is left open). */
  connection?: TestConnection;
}

export interface ReadStreamResult {
  records: StreamRecord[];
  /** Records the stream reported as deleted at the source (`Page.deletions`). */
  deletions: Deletion[];
  /** Every checkpoint in order: the state each STATE message of a real run would carry. */
  checkpoints: StreamState[];
  pages: number;
  /** Requests this read sent. */
  requests: number;
  /** Lines logged during this read. */
  logs: CapturedLog[];
  /** The WARN lines among them (skips, schema drift, …). */
  warnings: string[];
}

/** The last checkpoint of a read (the state a next sync resumes from), if any. */
export const lastCheckpoint = (result: Pick<ReadStreamResult, "checkpoints">): StreamState | undefined => result.checkpoints[result.checkpoints.length - 1];

/**
 * Reads one stream to the end (or `stopAfterPages`) and collects records, deletions, checkpoints and
 * logs. Failures are thrown as the stream throws them (an `HttpFailure`, a `ConnectorError`, …).
 */
export async function readStream(stream: Stream<any, any>, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
  const conn = options.connection ?? (await testConnection(options));
  const logsBefore = conn.logs.length;
  const requestsBefore = conn.requests();
  const state = options.state && stream.migrateState ? stream.migrateState(options.state) : options.state;
  const ctx = conn.context(state, options.files ? { files: options.files } : {});
  const result: ReadStreamResult = { records: [], deletions: [], checkpoints: [], pages: 0, requests: 0, logs: [], warnings: [] };
  try {
    for await (const page of stream.read(ctx) as AsyncIterable<Page>) {
      result.pages++;
      result.records.push(...page.records);
      result.deletions.push(...(page.deletions ?? []));
      if (page.checkpoint) result.checkpoints.push(page.checkpoint);
      if (options.stopAfterPages && result.pages >= options.stopAfterPages) break;
    }
  } finally {
    result.requests = conn.requests() - requestsBefore;
    result.logs = conn.logs.slice(logsBefore);
    result.warnings = result.logs.filter((l) => l.level === "warn").map((l) => l.message);
    if (!options.connection) await conn.close();
  }
  return result;
}
