import {
  controlConfigMessage,
  discoverCatalog,
  MemoryStateStore,
  ProtocolDestination,
  redactor,
  runStreams,
  systemClock,
  type Connection,
  type ConnectEnvironment,
  type Logger,
  type MessageSink,
  type SourceDefinition,
} from "@calabi/kernel";
import { errorMessage, EXIT, isConfigError } from "../errors.js";
import { readCatalogFile, readConfigFile, readStateFile, trustedStates } from "../inputs.js";
import { loadPlugins, loadProblems, selectSource, groupsFor, streamsFor, type LoadedPlugins } from "../plugins.js";
import type { Runtime } from "../runtime.js";
import { StopSignals } from "../signals.js";

async function pluginsFor(rt: Runtime): Promise<LoadedPlugins> {
  const loaded = await loadPlugins(rt.options.plugins);
  for (const problem of loadProblems(loaded)) await rt.warn(`calabi: ${problem}`);
  return loaded;
}

/** `num_workers` from the config (1–40, default 3) is the runner's concurrency. */
export function concurrencyOf(config: unknown): number {
  const value = Number((config as { num_workers?: unknown } | null)?.num_workers ?? 3);
  return Number.isFinite(value) ? Math.min(40, Math.max(1, Math.floor(value))) : 3;
}

/** The environment for `read`/`check`: a rotated config leaves as a CONTROL message, written before the promise resolves. */
function protocolEnvironment(rt: Runtime, logger: Logger): ConnectEnvironment {
  return {
    clock: systemClock,
    logger,
    async persistConfig(config) {
      redactor.registerFromObject(config);
      await rt.out.writeAndWait(JSON.stringify(controlConfigMessage(config, systemClock.now())));
    },
  };
}

export async function specCommand(rt: Runtime): Promise<number> {
  rt.protocol = true;
  const source = selectSource(await pluginsFor(rt), rt.options.source);
  await rt.emit({ type: "SPEC", spec: source.spec() });
  return EXIT.ok;
}

export async function checkCommand(rt: Runtime, opts: { config: string }): Promise<number> {
  rt.protocol = true;
  const source = selectSource(await pluginsFor(rt), rt.options.source);
  const raw = await readConfigFile(opts.config); // unreadable or not JSON: TRACE config_error, non-zero exit
  const failed = (message: string) =>
    rt.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "FAILED", message: redactor.redact(message) } });
  let config: unknown;
  try {
    config = source.parseConfig(raw);
  } catch (error) {
    // Airbyte convention: an invalid config is a failed check, not a crash.
    await failed(errorMessage(error));
    return EXIT.ok;
  }
  const logger = await rt.protocolLogger();
  let connection: Connection | undefined;
  try {
    connection = await source.connect(config, protocolEnvironment(rt, logger));
    const result = await connection.check();
    if (result.ok) {
      await rt.emit({ type: "CONNECTION_STATUS", connectionStatus: { status: "SUCCEEDED" } });
    } else {
      await failed(result.message ?? "The connection check failed.");
    }
  } catch (error) {
    await failed(isConfigError(error) ? errorMessage(error) : `The connection check failed: ${errorMessage(error)}`);
  } finally {
    await connection?.close().catch(() => undefined);
  }
  return EXIT.ok;
}

async function parsedConfig(source: SourceDefinition, path: string): Promise<unknown> {
  const raw = await readConfigFile(path);
  return source.parseConfig(raw);
}

export async function discoverCommand(rt: Runtime, opts: { config: string }): Promise<number> {
  rt.protocol = true;
  const loaded = await pluginsFor(rt);
  const source = selectSource(loaded, rt.options.source);
  await parsedConfig(source, opts.config);
  const streams = streamsFor(loaded, source);
  await rt.emit({ type: "CATALOG", catalog: discoverCatalog(streams.values()) });
  return EXIT.ok;
}

export async function readCommand(rt: Runtime, opts: { config: string; catalog: string; state?: string; resetState?: string }): Promise<number> {
  rt.protocol = true;
  const loaded = await pluginsFor(rt);
  const source = selectSource(loaded, rt.options.source);
  const config = await parsedConfig(source, opts.config);
  const streams = streamsFor(loaded, source);
  const catalog = await readCatalogFile(opts.catalog, streams);
  const states = trustedStates(opts.state ? await readStateFile(opts.state) : {}, streams, `The state file ${opts.state}`, opts.resetState);

  const logger = await rt.protocolLogger();
  const signals = new StopSignals(
    (signal) => logger.warn(`${signal} received: stopping after the current page (send it again to abort at once).`),
    (signal) => {
      void rt.warn(`calabi: second ${signal} received, aborting.`);
      void rt.flush().finally(() => process.exit(EXIT.interrupted));
    },
  ).install();
  rt.out.onClosed(() => signals.requestStop("stdout closed"));
  const sink: MessageSink = { emit: (message) => rt.emit(message) };
  let connection: Connection | undefined;
  try {
    connection = await source.connect(config, protocolEnvironment(rt, logger));
    const outcomes = await runStreams({
      streams,
      groups: groupsFor(loaded, source),
      catalog,
      states,
      destination: new ProtocolDestination(sink, systemClock, () => rt.out.flushed()),
      stateStore: new MemoryStateStore(states),
      sink,
      connection,
      config,
      clock: systemClock,
      logger,
      concurrency: concurrencyOf(config),
      stopSignal: signals.stop.signal,
      abortSignal: signals.abort.signal,
    });
    await rt.flush();
    if (signals.stopped) return EXIT.interrupted;
    return outcomes.some((o) => o.status === "failed") ? EXIT.failed : EXIT.ok;
  } finally {
    signals.uninstall();
    await connection?.close().catch(() => undefined);
  }
}
