import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LogLevel } from "@calabi/kernel";
import { errorMessage, EXIT, isConfigError } from "./errors.js";
import { describeSystemError, loadKernel, redact } from "./kernel.js";
import { Runtime, type GlobalOptions } from "./runtime.js";

// Commands load the kernel and plugins; import them only when one runs.
const protocol = () => import("./commands/protocol.js");
const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const PROTOCOL_COMMANDS = new Set(["spec", "check", "discover", "read"]);

function cliVersion(): string {
  try {
    return String(JSON.parse(readFileSync(join(CLI_DIR, "package.json"), "utf8")).version ?? "0.0.0");
  } catch {
    return "0.0.0";
  }
}

/** The first word of argv that names a command (used to tell protocol commands apart on errors). */
function commandName(argv: string[]): string | undefined {
  const names = new Set([...PROTOCOL_COMMANDS, "sync", "plan", "plugins", "simulator", "help"]);
  return argv.find((a) => names.has(a));
}

function globals(command: Command): GlobalOptions {
  const o = command.optsWithGlobals() as { logLevel?: LogLevel; plugins?: string; source?: string };
  return { logLevel: o.logLevel ?? "info", plugins: o.plugins, source: o.source };
}

/** Turns commander's "error: unknown option '--x'" into one plain sentence. */
function usageMessage(error: CommanderError, command: string | undefined): string {
  const text = error.message.replace(/^error:\s*/i, "").trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1).replace(/\.?$/, ".");
  const help = command && command !== "help" ? `calabi ${command} --help` : "calabi --help";
  return `${sentence} Run "${help}" to see the commands and flags.`;
}

export function buildProgram(run: (action: (rt: Runtime) => Promise<number>, command: Command) => Promise<void>): Command {
  const program = new Command("calabi")
    .description("Calabi Connect for Zendesk: the Airbyte protocol (spec, check, discover, read) and sync to JSONL files.")
    .version(cliVersion(), "-V, --version", "print the version")
    .addOption(
      new Option("--log-level <level>", "least severe log level shown").choices(["debug", "info", "warn", "error"]).default("info"),
    )
    .option("--plugins <list>", "comma-separated plugin packages or paths to load instead of discovering installed ones")
    .option("--source <name>", "source plugin to use when several are installed")
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  program
    .command("spec")
    .description("print the connector specification (one SPEC message)")
    .action((_o, cmd: Command) => run(async (rt) => (await protocol()).specCommand(rt), cmd));

  program
    .command("check")
    .description("test the connection: one CONNECTION_STATUS message (exit 0 even when it fails)")
    .requiredOption("--config <file>", "config file (JSON)")
    .action((o, cmd: Command) => run(async (rt) => (await protocol()).checkCommand(rt, o), cmd));

  program
    .command("discover")
    .description("list every stream the installed stream plugins offer (one CATALOG message)")
    .requiredOption("--config <file>", "config file (JSON)")
    .action((o, cmd: Command) => run(async (rt) => (await protocol()).discoverCommand(rt, o), cmd));

  program
    .command("read")
    .description("read the streams of a configured catalog; stdout carries only protocol messages")
    .requiredOption("--config <file>", "config file (JSON)")
    .requiredOption("--catalog <file>", "configured catalog (JSON)")
    .option("--state <file>", "state to resume from (a JSON array of per-stream states)")
    .option("--reset-state <list>", 'drop the saved state of these streams (comma-separated, or "all") and read them from the start date')
    .action((o, cmd: Command) => run(async (rt) => (await protocol()).readCommand(rt, o), cmd));

  program
    .command("sync")
    .description("read streams into a destination (JSONL files by default), remembering where to resume; progress and a summary on stderr")
    .requiredOption("--config <file>", "config file (JSON); rotated OAuth tokens are written back to it")
    .requiredOption("--output <path>", "output directory (jsonl: one <stream>.jsonl per stream) or file (duckdb: a database)")
    .option("--destination <name>", "destination plugin to write with (e.g. jsonl, duckdb)", "jsonl")
    .option("--streams <list>", "comma-separated streams to sync (default: every stream that is not opt-in)")
    .option("--state <file>", "state file (default: in the database for duckdb, else <output>/state.json)")
    .option("--full-refresh", "ignore saved state: full refresh and overwrite for every stream")
    .option("--reset-state <list>", 'drop the saved state of these streams (comma-separated, or "all") and read them from the start date')
    .option("--keep-deleted", "keep records deleted at the source (e.g. deleted tickets) instead of removing them")
    .action((o, cmd: Command) => run(async (rt) => (await import("./commands/sync.js")).syncCommand(rt, o), cmd));

  program
    .command("plan")
    .description("before syncing: per stream and rate class, the requests a sync would make and how long they take at the account's live limits")
    .requiredOption("--config <file>", "config file (JSON)")
    .option("--streams <list>", "comma-separated streams to plan (default: every stream that is not opt-in)")
    .option("--state <file>", "saved state to plan an incremental sync from (default: a first sync)")
    .option("--full-refresh", "plan a full refresh (ignore --state)")
    .option("--json", "print one JSON object: estimated_seconds, streams, classes, requests_made")
    .option("--rate-window-seconds <n>", "length of the source's rate-limit windows when it differs from the documented one (a simulator with a compressed minute)")
    .action((o, cmd: Command) => run(async (rt) => (await import("./commands/plan.js")).planCommand(rt, o), cmd));

  program
    .command("plugins")
    .description("list the plugins found: name, version, kind, and the streams of stream plugins")
    .option("--json", "print JSON instead of a table")
    .action((o, cmd: Command) => run(async (rt) => (await import("./commands/plugins.js")).pluginsCommand(rt, o), cmd));

  program
    .command("simulator")
    .description("run the Zendesk simulator (@calabi/zendesk-simulator) on a loopback port; prints its base URL first")
    .option("--port <n>", "port (0 = any free port)", "0")
    .option("--host <host>", "loopback address to listen on", "127.0.0.1")
    .option("--seed <n>", "seed of the generated data and faults")
    .option("--tickets <n>", "number of tickets (users, organizations... scale with it)")
    .option("--plan <plan>", "Zendesk plan: rate limits and plan-gated endpoints")
    .option("--minute-ms <n>", "length of a rate-limit minute in real milliseconds")
    .option("--fault-rate <r>", "share of requests (0–1) answered with a random fault")
    .option("--max-token-ttl <seconds>", "cap on OAuth access-token lifetimes")
    .addHelpText(
      "after",
      "\nOther flags of the simulator package (--api-token <email:token>, --oauth-client <id:secret:refresh_token>,\n--fault-kinds <list>, --no-rate-limit, --subdomain <name>, --anchor <iso>, ...) are passed through.",
    )
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action((o, cmd: Command) => run(async (rt) => (await import("./commands/simulator.js")).simulatorCommand(rt, o, cmd.args), cmd));

  return program;
}

function debugEnabled(): boolean {
  return process.env.CALABI_DEBUG === "1" || process.env.CALABI_DEBUG === "true";
}

/** Reports an error: config problems as one paragraph, anything else as one line (stack only with CALABI_DEBUG=1). */
async function report(rt: Runtime, error: unknown): Promise<number> {
  const environment = describeSystemError(error);
  if (environment) {
    if (rt.protocol) {
      await rt.emit({ type: "TRACE", trace: { type: "ERROR", emitted_at: Date.now(), error: { message: redact(environment), failure_type: "system_error" } } });
    }
    await rt.warn(`calabi: ${environment}`);
    return EXIT.environment;
  }
  if (isConfigError(error)) {
    const message = errorMessage(error);
    if (rt.protocol) await rt.protocolProblem(message);
    else await rt.warn(`calabi: ${message}`);
    return EXIT.usage;
  }
  const line = `Unexpected error: ${errorMessage(error).split("\n")[0]} (set CALABI_DEBUG=1 for details)`;
  if (rt.protocol) {
    await rt.emit({
      type: "TRACE",
      trace: { type: "ERROR", emitted_at: Date.now(), error: { message: redact(line), failure_type: "system_error" } },
    });
  }
  await rt.warn(`calabi: ${line}`);
  if (debugEnabled() && error instanceof Error && error.stack) await rt.warn(error.stack);
  return EXIT.failed;
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  let runtime = new Runtime({ logLevel: "info" });
  const run = async (action: (rt: Runtime) => Promise<number>, command: Command) => {
    runtime = new Runtime(globals(command));
    try {
      await loadKernel();
      exitCode = await action(runtime);
    } catch (error) {
      exitCode = await report(runtime, error);
    }
  };
  const program = buildProgram(run);
  const name = commandName(argv);
  if (argv.length === 0) {
    await runtime.err.write(program.helpInformation().trimEnd());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
        return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      }
      const message = usageMessage(error, name);
      runtime.protocol = name !== undefined && PROTOCOL_COMMANDS.has(name);
      if (runtime.protocol) await runtime.protocolProblem(message);
      else await runtime.warn(`calabi: ${message}`);
      await runtime.flush();
      return EXIT.usage;
    }
    exitCode = await report(runtime, error);
  }
  await runtime.flush();
  return exitCode;
}
