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
export async function simulatorCommand(rt: Runtime, opts: SimulatorCommandOptions, extra: string[] = []): Promise<number> {
  const port = integer("--port", opts.port, 0) ?? 0;
  if (port > 65535) throw new ConfigError(`--port must be from 0 to 65535, not "${opts.port}".`);
  const seed = integer("--seed", opts.seed, 0);
  const tickets = integer("--tickets", opts.tickets, 0);
  const minuteMs = integer("--minute-ms", opts.minuteMs, 1);
  const faultRate = fraction("--fault-rate", opts.faultRate);
  const ttl = integer("--max-token-ttl", opts.maxTokenTtl, 1);

  const mod = await importSimulator();
  let server: any;
  if (typeof mod.runSimulatorCommand === "function") {
    // The package's own command parses the flags (including ones this CLI passes through untouched).
    const argv = ["--port", String(port), "--host", opts.host];
    if (seed !== undefined) argv.push("--seed", String(seed));
    if (tickets !== undefined) argv.push("--tickets", String(tickets));
    if (opts.plan !== undefined) argv.push("--plan", opts.plan);
    if (minuteMs !== undefined) argv.push("--minute-ms", String(minuteMs));
    if (faultRate !== undefined) argv.push("--fault-rate", String(faultRate));
    if (ttl !== undefined) argv.push("--max-token-ttl", String(ttl));
    argv.push(...extra);
    const stderrLines: string[] = [];
    let first = true;
    const result = await mod.runSimulatorCommand(
      argv,
      {
        stdout: (line: string) => {
          if (first) {
            first = false;
            void rt.out.writeAndWait(line);
          } else void rt.out.write(line);
        },
        stderr: (line: string) => {
          stderrLines.push(line);
          void rt.warn(line);
        },
      },
      false,
    );
    if (result.exitCode !== 0 || !result.simulator) {
      if (result.exitCode === 0) return EXIT.ok; // --help
      const reason = stderrLines[0]?.replace(/^zendesk-simulator:\s*/, "") ?? "it did not start";
      throw new ConfigError(`The simulator did not start: ${reason}`);
    }
    server = result.simulator;
    await rt.out.flushed();
  } else {
    const start = mod.startSimulator ?? mod.default?.startSimulator;
    if (typeof start !== "function") {
      throw new ConfigError(`${SIMULATOR_PACKAGE} does not export startSimulator(options); install a matching version.`);
    }
    const options: Record<string, unknown> = { port, host: opts.host };
    if (seed !== undefined) options.seed = seed;
    if (tickets !== undefined) options.tickets = tickets;
    if (opts.plan !== undefined) options.plan = opts.plan;
    if (minuteMs !== undefined) options.minuteMs = minuteMs;
    if (faultRate !== undefined) options.faults = { rate: faultRate };
    if (ttl !== undefined) options.maxAccessTokenTtlSeconds = ttl;
    try {
      server = await start(options);
    } catch (error) {
      throw new ConfigError(`The simulator did not start: ${(error as Error).message}`);
    }
    await rt.out.writeAndWait(server.url);
  }
  await rt.warn(`Zendesk simulator listening on ${server.url} (Ctrl-C to stop).`);

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
  await Promise.race([
    Promise.resolve(server.close?.()).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 2000).unref()),
  ]);
  return EXIT.ok;
}
