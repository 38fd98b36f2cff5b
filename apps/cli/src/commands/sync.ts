import { mkdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  ConfigError,
  connectSource,
  createFileStore,
  describeSystemError,
  createLogger,
  defaultConfiguredCatalog,
  DESTINATION,
  FILE_STORE,
  FileStateStore,
  LOGGER,
  MESSAGE_SINK,
  provide,
  provideLazy,
  redactor,
  runSync,
  STATE_STORE,
  writeFileAtomic,
  type AirbyteMessage,
  type Connection,
  type MessageSink,
  type StateStore,
  type Stream,
  type StreamOutcome,
} from "@calabi/kernel";
import type { DependencyContainer } from "tsyringe";
import { EXIT } from "../errors.js";
import { readConfigFile, splitList, trustedStates } from "../inputs.js";
import { loadPlugins, loadProblems, selectDestination, selectSource, groupsFor, streamsFor } from "../plugins.js";
import { Progress, RepeatedLines, summaryTable } from "../progress.js";
import type { Runtime } from "../runtime.js";
import { StopSignals } from "../signals.js";
import { concurrencyOf } from "./protocol.js";

const number = (n: number) => n.toLocaleString("en-US");

/** How often `sync` commits a stream's state at most (ms). */
const CHECKPOINT_INTERVAL_MS = 1000;

export interface SyncOptions {
  config: string;
  output: string;
  streams?: string;
  state?: string;
  fullRefresh?: boolean;
  resetState?: string;
  destination?: string;
  keepDeleted?: boolean;
}

/** Picks the streams to sync: the named ones (unknown names are an error), else every stream that is not opt-in. */
export function selectStreams(all: ReadonlyMap<string, Stream<any, any>>, names: string[]): Stream<any, any>[] {
  if (names.length === 0) return [...all.values()].filter((s) => !s.spec.optIn).sort((a, b) => a.spec.name.localeCompare(b.spec.name));
  const unknown = names.filter((n) => !all.has(n));
  if (unknown.length > 0) {
    const available = [...all.values()]
      .map((s) => (s.spec.optIn ? `${s.spec.name} (opt-in)` : s.spec.name))
      .sort()
      .join(", ");
    throw new ConfigError(
      `--streams names ${unknown.length === 1 ? "an unknown stream" : "unknown streams"}: ${unknown.map((n) => `"${n}"`).join(", ")}. Available streams: ${available}.`,
    );
  }
  return [...new Set(names)].map((n) => all.get(n)!);
}

async function prepareOutput(output: string): Promise<string> {
  const dir = resolve(output);
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new ConfigError(`Cannot use the output directory ${dir}: ${error.message}.`);
  });
  if (info && !info.isDirectory()) {
    throw new ConfigError(`The output path ${dir} is a file, not a directory; choose a directory for --output.`);
  }
  if (!info) {
    await mkdir(dir, { recursive: true }).catch((error: Error) => {
      throw new ConfigError(`Cannot create the output directory ${dir}: ${error.message}.`);
    });
  }
  return dir;
}

/** A destination writing one file (a database): its directory must exist, the path must not be a directory. */
async function prepareOutputFile(output: string): Promise<string> {
  const file = resolve(output);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    throw new ConfigError(`The output path ${file} is a directory; this destination writes one file, so name a file for --output (e.g. ${join(file, "zendesk.duckdb")}).`);
  }
  const dir = await stat(dirname(file)).catch(() => undefined);
  if (!dir?.isDirectory()) {
    throw new ConfigError(`The directory of the output file ${file} does not exist; create it or choose another --output path.`);
  }
  return file;
}

async function checkStateLocation(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new ConfigError(`The state file ${path} is a directory; --state must name a file.`);
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) {
    throw new ConfigError(`The directory of the state file ${path} does not exist; create it or choose another --state path.`);
  }
}

/** What `sync` and `plan` start from: the plugins (load problems warned), the source, its parsed config, the named and selected streams. */
export async function loadSelection(rt: Runtime, opts: { config: string; streams?: string }, container?: DependencyContainer) {
  const loaded = await loadPlugins(rt.options.plugins, container);
  for (const problem of loadProblems(loaded)) await rt.warn(`calabi: ${problem}`);
  const source = selectSource(loaded, rt.options.source);
  const configPath = resolve(opts.config);
  const config = source.parseConfig(await readConfigFile(configPath));
  const all = streamsFor(loaded, source);
  const names = splitList(opts.streams);
  if (opts.streams !== undefined && names.length === 0) throw new ConfigError(`--streams is empty; name at least one stream.`);
  return { loaded, services: loaded.registry.container, source, configPath, config, all, names, selected: selectStreams(all, names) };
}

/**
 * `calabi sync`. Its services come from the run's container: the clock, logger, state store,
 * destination, message sink and file store it provides there are used unless a plugin (or the
 * caller, through `container`) registered its own.
 */
export async function syncCommand(rt: Runtime, opts: SyncOptions, container?: DependencyContainer): Promise<number> {
  const { loaded, services, source, configPath, config, all, names, selected } = await loadSelection(rt, opts, container);
  const factory = selectDestination(loaded, opts.destination ?? "jsonl");
  const fileOutput = factory.output === "file";
  const output = fileOutput ? await prepareOutputFile(opts.output) : await prepareOutput(opts.output);
  const catalog = defaultConfiguredCatalog(selected, { fullRefresh: opts.fullRefresh === true });

  let connection: Connection | undefined;
  const progress = new Progress(rt.err, {
    tty: rt.stderrIsTTY,
    intervalMs: Number(process.env.CALABI_PROGRESS_INTERVAL_MS ?? 5000),
    stats: () => connection?.stats() ?? { requests: 0, retries: 0, rateLimitWaits: 0 },
  });
  // Repeated warnings of the same shape (e.g. one per skipped partition) are shown three times, then counted.
  const repeats = new RepeatedLines(3, rt.options.logLevel === "debug");
  const logger = provide(
    services,
    LOGGER,
    createLogger((level, line) => {
      const text = `${level.toUpperCase()} ${line}`;
      if (repeats.admit(text)) progress.log(text);
    }, rt.options.logLevel),
  );
  const debug = rt.options.logLevel === "debug";
  const sink: MessageSink = {
    emit(message: AirbyteMessage) {
      if (message.type === "TRACE" && message.trace.type === "ERROR") progress.log(`ERROR ${message.trace.error.message}`);
      else if (message.type === "LOG" && debug) progress.log(`${message.log.level} ${message.log.message}`);
    },
  };
  provide(services, MESSAGE_SINK, sink);
  const signals = new StopSignals(
    (signal) =>
      progress.log(`${signal} received: finishing the current page, then saving state (send it again to abort at once).`),
    (signal) => {
      progress.stop();
      void rt.warn(`calabi: second ${signal} received, aborting. Saved state and output stay consistent.`);
      void rt.flush().finally(() => process.exit(EXIT.interrupted));
    },
  ).install();

  const destination = provideLazy(services, DESTINATION, () => factory.create({ output, logger }));
  // File-transfer streams (article attachments) store bodies under <output>/files.
  provideLazy(services, FILE_STORE, () => createFileStore(fileOutput ? `${output}.files` : output));
  // State lives in the destination when it keeps it (a database commits rows and state together),
  // unless --state names a file; otherwise in <output>/state.json.
  const ownState = opts.state === undefined && destination.stateStore !== undefined;
  const statePath = ownState ? undefined : resolve(opts.state ?? join(fileOutput ? dirname(output) : output, "state.json"));
  try {
    if (statePath) await checkStateLocation(statePath);
    const stateStore: StateStore = provideLazy(services, STATE_STORE, () => (statePath ? new FileStateStore(statePath) : destination.stateStore!()));
    const states = trustedStates(await stateStore.load(), all, statePath ? `The state file ${statePath}` : `The state in ${output}`, opts.resetState);
    connection = await connectSource(services, source, config, {
      async persistConfig(newConfig) {
        // The rotated token must be on disk before it is used: the old refresh token is already dead.
        redactor.registerFromObject(newConfig);
        await writeFileAtomic(configPath, JSON.stringify(newConfig, null, 2) + "\n", 0o600);
        logger.info(`Saved the rotated OAuth credentials to ${configPath}.`);
      },
    });
    progress.start(selected.map((s) => s.spec.name));
    // Every stream's outcome so far, kept so the summary can still be printed if the machine stops the run.
    const sofar = new Map<string, StreamOutcome>();
    const outcomes = await runSync(services, {
      streams: all,
      groups: groupsFor(loaded, source),
      catalog,
      states,
      config,
      concurrency: concurrencyOf(config),
      keepDeleted: opts.keepDeleted === true,
      // At most one state commit (two fsyncs) a second per stream: with real rate limits every page
      // still gets its own; a fast source's pages share one (see README, "Checkpoints").
      checkpointIntervalMs: CHECKPOINT_INTERVAL_MS,
      required: new Set(names),
      stopSignal: signals.stop.signal,
      abortSignal: signals.abort.signal,
      onProgress: (event) => {
        if (event.type === "stream-started") sofar.set(event.stream, { stream: event.stream, status: "failed", records: 0, pages: 0, requests: 0, seconds: 0 });
        if (event.type === "page") Object.assign(sofar.get(event.stream) ?? {}, { records: event.totalRecords, pages: event.pages });
        if (event.type === "stream-finished") sofar.set(event.outcome.stream, event.outcome);
        progress.onEvent(event);
      },
    }).catch(async (error: unknown) => {
      const environment = describeSystemError(error);
      if (!environment) throw error;
      progress.stop();
      const notStarted = catalog.streams.map((s) => s.stream.name).filter((n) => !sofar.has(n));
      for (const line of summaryTable([...sofar.values()], notStarted)) await rt.warn(line);
      await rt.warn(`calabi: ${environment} Completed streams and saved state stay consistent.`);
      return undefined;
    });
    progress.stop();
    if (!outcomes) return EXIT.environment;

    const started = new Set(outcomes.map((o) => o.stream));
    const notStarted = catalog.streams.map((s) => s.stream.name).filter((n) => !started.has(n));
    for (const line of repeats.summary()) await rt.warn(line);
    for (const line of summaryTable(outcomes, notStarted)) await rt.warn(line);
    const stats = connection.stats();
    await rt.warn(
      `${number(stats.requests)} requests, ${number(stats.retries)} retries, ${number(progress.budgetWaits)} rate-limit waits, ${number(stats.rateLimitWaits)} answered 429. Output: ${output}  State: ${statePath ?? `in ${output}`}`,
    );
    const problems = outcomes.filter((o) => o.status === "failed" || (o.status === "skipped" && names.includes(o.stream)));
    for (const o of problems) await rt.warn(`${o.stream}: ${o.message ?? o.status}`);
    for (const o of outcomes.filter((x) => x.status === "skipped" && !names.includes(x.stream))) {
      await rt.warn(`${o.stream} skipped: ${o.message ?? "not available"}`);
    }
    await rt.flush();
    if (signals.stopped) {
      await rt.warn("Stopped by signal; the next sync resumes from the saved state.");
      return EXIT.interrupted;
    }
    if (problems.some((o) => o.environmentError)) return EXIT.environment;
    return problems.length > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    progress.stop();
    signals.uninstall();
    await connection?.close().catch(() => undefined);
    // runStreams closes it; this releases it when the sync never got that far (close is idempotent).
    await destination.close().catch(() => undefined);
  }
}
