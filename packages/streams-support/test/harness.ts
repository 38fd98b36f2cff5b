import { zendeskSource } from "@calabi/auth-zendesk";
import { type Page, type ReadContext, type Stream, type StreamState, silentLogger, systemClock } from "@calabi/kernel";
import { startSimulator, type StartOptions, type RunningSimulator } from "@calabi/zendesk-simulator";

export interface ReadResult {
  records: Record<string, unknown>[];
  checkpoints: StreamState[];
  pages: number;
  requests: number;
}

/** Starts the simulator on a loopback port with a compressed rate-limit minute. */
export function simulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ seed: 7, tickets: 300, minuteMs: 200, ...options });
}

export function configFor(sim: RunningSimulator, extra: Record<string, unknown> = {}) {
  return zendeskSource.parseConfig({
    subdomain: "acme",
    base_url: sim.url,
    credentials: { credentials: "api_token", email: "tests@example.com", api_token: "test-token-123" },
    ...extra,
  });
}

/** Reads one stream to the end through the real connection (auth, budget, retry) and collects it. */
export async function readStream(
  stream: Stream<any, any>,
  sim: RunningSimulator,
  options: { state?: StreamState; config?: Record<string, unknown>; stopAfterPages?: number } = {},
): Promise<ReadResult> {
  const config = configFor(sim, options.config);
  const connection = await zendeskSource.connect(config, {
    clock: systemClock,
    logger: silentLogger,
    persistConfig: async () => undefined,
  });
  const before = sim.requests().length;
  const ctx: ReadContext = {
    config,
    mode: options.state ? "incremental" : "full_refresh",
    state: options.state && stream.migrateState ? stream.migrateState(options.state) : options.state,
    http: connection.http,
    baseUrl: connection.baseUrl,
    logger: silentLogger,
    clock: systemClock,
    signal: new AbortController().signal,
    progress: { page: () => undefined },
  };
  const result: ReadResult = { records: [], checkpoints: [], pages: 0, requests: 0 };
  try {
    for await (const page of stream.read(ctx) as AsyncIterable<Page>) {
      result.pages++;
      result.records.push(...page.records);
      if (page.checkpoint) result.checkpoints.push(page.checkpoint);
      if (options.stopAfterPages && result.pages >= options.stopAfterPages) break;
    }
  } finally {
    await connection.close();
  }
  result.requests = sim.requests().length - before;
  return result;
}

export const ids = (records: Record<string, unknown>[], key = "id") => records.map((r) => r[key]).sort(compare);
export const compare = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** The newest version of every record by primary key, as an append-dedup destination keeps it. */
export function dedupe(records: Record<string, unknown>[], key = "id"): Map<unknown, Record<string, unknown>> {
  const byKey = new Map<unknown, Record<string, unknown>>();
  for (const record of records) byKey.set(record[key], record);
  return byKey;
}
