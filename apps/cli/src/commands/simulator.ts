import { pathToFileURL } from "node:url";
import { ConfigError, findPluginPackage } from "@calabi/kernel";
import { EXIT } from "../errors.js";
import { searchDirs } from "../plugins.js";
import type { Runtime } from "../runtime.js";

export const SIMULATOR_PACKAGE = "@calabi/zendesk-simulator";

export interface SimulatorCommandOptions {
  port: string;
  host: string;
  seed?: string;
  tickets?: string;
  plan?: string;
  minuteMs?: string;
  faultRate?: string;
  maxTokenTtl?: string;
}

function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${flag} must be an integer ≥ ${min}, not "${value}".`);
  return n;
}

function fraction(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${flag} must be a number from 0 to 1, not "${value}".`);
  return n;
}

/** Imports the separately installed simulator package (found like a plugin, though it is not one). */
async function importSimulator(): Promise<Record<string, any>> {
  const pkg = await findPluginPackage(SIMULATOR_PACKAGE, searchDirs());
  if (!pkg) {
    throw new ConfigError(
      `The simulator is not installed: install ${SIMULATOR_PACKAGE} beside the CLI ("npm i -g ${SIMULATOR_PACKAGE}").`,
    );
  }
  try {
    return (await import(pathToFileURL(pkg.entry).href)) as Record<string, any>;
  } catch (error) {
    throw new ConfigError(
      `${SIMULATOR_PACKAGE}@${pkg.version} could not be loaded from ${pkg.entry}: ${(error as Error).message}. Is it built? (install ${SIMULATOR_PACKAGE})`,
    );
  }
}

/** `calabi simulator`: a fake Zendesk on a loopback port; the base URL is the first line on stdout. */
export async function simulatorCommand(rt: Runtime, opts: SimulatorCommandOptions): Promise<number> {
  const port = integer("--port", opts.port, 0) ?? 0;
  if (port > 65535) throw new ConfigError(`--port must be from 0 to 65535, not "${opts.port}".`);
  const options: Record<string, unknown> = { port, host: opts.host };
  const seed = integer("--seed", opts.seed, 0);
  const tickets = integer("--tickets", opts.tickets, 0);
  const minuteMs = integer("--minute-ms", opts.minuteMs, 1);
  const faultRate = fraction("--fault-rate", opts.faultRate);
  const ttl = integer("--max-token-ttl", opts.maxTokenTtl, 1);
  if (seed !== undefined) options.seed = seed;
  if (tickets !== undefined) options.tickets = tickets;
  if (opts.plan !== undefined) options.plan = opts.plan;
  if (minuteMs !== undefined) options.minuteMs = minuteMs;
  if (faultRate !== undefined) options.faults = { rate: faultRate };
  if (ttl !== undefined) options.maxAccessTokenTtlSeconds = ttl;

  const mod = await importSimulator();
  const start = mod.startSimulator ?? mod.default?.startSimulator;
  if (typeof start !== "function") {
    throw new ConfigError(`${SIMULATOR_PACKAGE} does not export startSimulator(options); install a matching version.`);
  }
  let server: any;
  try {
    server = await start(options);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new ConfigError(`Simulator options: ${error.message}`);
    throw error;
  }
  const url: string = server.url ?? server.baseUrl ?? server.origin;
  await rt.out.writeAndWait(url);
  await rt.warn(`Zendesk simulator listening on ${url} (Ctrl-C to stop).`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await rt.warn("Stopping the simulator.");
  const close = server.close ?? server.stop;
  await Promise.race([
    typeof close === "function" ? Promise.resolve(close.call(server)).catch(() => undefined) : Promise.resolve(),
    new Promise((resolve) => setTimeout(resolve, 2000).unref()),
  ]);
  return EXIT.ok;
}
