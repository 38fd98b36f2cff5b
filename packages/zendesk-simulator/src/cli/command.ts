/**
 * `zendesk-simulator` command (also reused by `calabi simulator`): starts a
 * loopback simulator, prints its base URL as the first and only stdout line,
 * logs to stderr, stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import type { FaultKind } from "../pipeline/faults.js";
import type { Plan } from "../pipeline/rate-limit.js";
import { startSimulator, type RunningSimulator, type StartOptions } from "../core/server.js";

export const SIMULATOR_COMMAND_HELP = `Usage: zendesk-simulator [options]

Starts a simulated Zendesk account on a loopback port and prints its base URL
as the first line on stdout. Stops on SIGINT/SIGTERM.

Options:
  --port <n>                 port (default 0: OS-chosen)
  --host <addr>              interface (default 127.0.0.1)
  --seed <n>                 data and fault seed (default 1)
  --tickets <n>              tickets in the account (default 200); users, orgs, groups scale with it
  --subdomain <name>         account subdomain used in record URLs (default acme)
  --plan <plan>              essential|team|growth|professional|enterprise|enterprise_plus|high_volume (default enterprise)
  --high-volume              High Volume API add-on (2500/min, incremental 30/min)
  --minute-ms <n>            length of a rate-limit minute in ms (default 60000)
  --no-rate-limit            send rate-limit headers but never answer 429
  --fault-rate <p>           probability of a random fault per request (default 0)
  --fault-kinds <list>       comma list of 429,500,502,503,504,reset,truncate,truncate-chunked,slow
  --api-token <email:token>  accept only this API token (repeatable); default: any well-formed credential
  --oauth-client <id:secret:refresh_token>  accept this OAuth client (repeatable)
  --max-token-ttl <s>        cap OAuth access-token lifetimes (seconds)
  --orgs-in-one-second <n>   add n organizations sharing one updated_at second (export trap)
  --latency-ms <n>           log-normal response latency with this median (ms), seeded per request
  --unknown-subdomain        answer every API request with 404 "No help desk at <host>"
  --export-timeout-above <n> incremental export pages larger than n records answer 504
  --anchor <iso>             end of the generated history (default: now)
  -h, --help                 show this help
`;

export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Parse argv (without node and script) into start options. Throws on bad input. */
export function parseSimulatorArgs(argv: string[]): StartOptions & { help?: boolean } {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      tickets: { type: "string" },
      subdomain: { type: "string" },
      plan: { type: "string" },
      "high-volume": { type: "boolean" },
      "minute-ms": { type: "string" },
      "no-rate-limit": { type: "boolean" },
      "fault-rate": { type: "string" },
      "fault-kinds": { type: "string" },
      "api-token": { type: "string", multiple: true },
      "oauth-client": { type: "string", multiple: true },
      "max-token-ttl": { type: "string" },
      "orgs-in-one-second": { type: "string" },
      "latency-ms": { type: "string" },
      "unknown-subdomain": { type: "boolean" },
      "export-timeout-above": { type: "string" },
      anchor: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v == null) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got ${v}`);
    return n;
  };
  const opts: StartOptions & { help?: boolean } = {
    help: values.help,
    port: num("port", values.port),
    host: values.host,
    seed: num("seed", values.seed),
    tickets: num("tickets", values.tickets),
    subdomain: values.subdomain,
    plan: values.plan as Plan | undefined,
    highVolume: values["high-volume"],
    minuteMs: num("minute-ms", values["minute-ms"]),
    rateLimitDisabled: values["no-rate-limit"],
    maxAccessTokenTtlSeconds: num("max-token-ttl", values["max-token-ttl"]),
    organizationsInOneSecond: num("orgs-in-one-second", values["orgs-in-one-second"]),
    unknownSubdomain: values["unknown-subdomain"],
    latency: values["latency-ms"] != null ? { medianMs: num("latency-ms", values["latency-ms"])! } : undefined,
    exportTimeoutAbovePerPage: num("export-timeout-above", values["export-timeout-above"]),
    anchor: values.anchor,
  };
  const rate = num("fault-rate", values["fault-rate"]);
  const kinds = values["fault-kinds"]?.split(",").map((s) => s.trim()).filter(Boolean) as FaultKind[] | undefined;
  if (rate != null || kinds) opts.faults = { rate: rate ?? 0, kinds };
  const apiTokens = (values["api-token"] ?? []).map((s) => {
    const i = s.lastIndexOf(":");
    if (i <= 0) throw new Error(`--api-token expects email:token, got ${s}`);
    return { email: s.slice(0, i), token: s.slice(i + 1) };
  });
  const oauthClients = (values["oauth-client"] ?? []).map((s) => {
    const [clientId, clientSecret, refreshToken] = s.split(":");
    if (!clientId || !refreshToken) throw new Error(`--oauth-client expects id:secret:refresh_token, got ${s}`);
    return { clientId, clientSecret: clientSecret || undefined, refreshToken };
  });
  if (apiTokens.length || oauthClients.length) opts.credentials = { apiTokens, oauthClients };
  for (const k of Object.keys(opts) as (keyof typeof opts)[]) if (opts[k] === undefined) delete opts[k];
  return opts;
}

/**
 * Run the command. Resolves with the running simulator once it listens (the
 * URL has been printed); the caller decides how long to stay up. With
 * `untilSignal`, resolves only after SIGINT/SIGTERM closed it.
 */
export async function runSimulatorCommand(
  argv: string[],
  io: CommandIo = { stdout: (l) => process.stdout.write(`${l}\n`), stderr: (l) => process.stderr.write(`${l}\n`) },
  untilSignal = true,
): Promise<{ exitCode: number; simulator?: RunningSimulator }> {
  let opts: ReturnType<typeof parseSimulatorArgs>;
  try {
    opts = parseSimulatorArgs(argv);
  } catch (e) {
    io.stderr(`zendesk-simulator: ${(e as Error).message}`);
    io.stderr(SIMULATOR_COMMAND_HELP);
    return { exitCode: 2 };
  }
  if (opts.help) {
    io.stderr(SIMULATOR_COMMAND_HELP);
    return { exitCode: 0 };
  }
  const { help: _h, ...start } = opts;
  const simulator = await startSimulator(start);
  // listen for signals before announcing the URL, so a caller may stop us right after reading it
  let stopped: Promise<void> | undefined;
  if (untilSignal) {
    stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void simulator.close().then(resolve);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  }
  io.stdout(simulator.url);
  io.stderr(
    `zendesk-simulator: ${simulator.sim.account.tickets.size} tickets, ${simulator.sim.account.users.size} users, ${simulator.sim.account.organizations.size} organizations, plan ${simulator.sim.options.plan}, minute ${simulator.sim.options.minuteMs} ms, seed ${simulator.sim.options.seed}`,
  );
  if (!stopped) return { exitCode: 0, simulator };
  await stopped;
  return { exitCode: 0 };
}
