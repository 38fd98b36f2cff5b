import { resolve } from "node:path";
import {
  CLOCK,
  ConfigError,
  connectSource,
  createLogger,
  defaultConfiguredCatalog,
  LOGGER,
  planSync,
  provide,
  redactor,
  writeFileAtomic,
  type Connection,
  type SyncPlan,
} from "@calabi/kernel";
import { EXIT } from "../errors.js";
import { readStateFile, trustedStates } from "../inputs.js";
import { groupsFor } from "../plugins.js";
import { formatTable } from "../progress.js";
import type { Runtime } from "../runtime.js";
import { concurrencyOf } from "./protocol.js";
import { loadSelection } from "./sync.js";

export interface PlanOptions {
  config: string;
  streams?: string;
  state?: string;
  fullRefresh?: boolean;
  json?: boolean;
  rateWindowSeconds?: string;
}

const number = (n: number) => n.toLocaleString("en-US");
const seconds = (s: number) => (s >= 100 ? number(Math.round(s)) : s.toFixed(1));

/** `--rate-window-seconds`: a positive number of seconds, or undefined. */
function windowMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`--rate-window-seconds must be a positive number of seconds (got "${value}"), e.g. --rate-window-seconds 60.`);
  }
  return n * 1000;
}

/**
 * `calabi plan`: what a sync of these streams would read and how long it would take, before
 * syncing. Each stream estimates itself (count endpoints, first pages, the saved state); the kernel
 * replays the runner's schedule at the connection's live rate limits.
 */
export async function planCommand(rt: Runtime, opts: PlanOptions): Promise<number> {
  const window = windowMs(opts.rateWindowSeconds);
  const { loaded, services, source, configPath, config, all, selected } = await loadSelection(rt, opts);
  const catalog = defaultConfiguredCatalog(selected, { fullRefresh: opts.fullRefresh === true });
  const states = opts.state ? trustedStates(await readStateFile(resolve(opts.state)), all, `The state file ${resolve(opts.state)}`, undefined) : {};

  const clock = services.resolve(CLOCK);
  const logger = provide(services, LOGGER, createLogger((level, line) => void rt.warn(`${level.toUpperCase()} ${line}`), rt.options.logLevel === "info" ? "warn" : rt.options.logLevel));
  let connection: Connection | undefined;
  try {
    connection = await connectSource(services, source, config, {
      async persistConfig(newConfig) {
        // A plan may refresh OAuth tokens too: the rotated one must be on disk before it is used.
        redactor.registerFromObject(newConfig);
        await writeFileAtomic(configPath, JSON.stringify(newConfig, null, 2) + "\n", 0o600);
      },
    });
    const plan = await planSync({
      streams: all,
      groups: groupsFor(loaded, source),
      catalog,
      states,
      connection,
      config,
      clock,
      logger,
      concurrency: concurrencyOf(config),
      ...(window !== undefined ? { windowMs: window } : {}),
    });
    if (opts.json) await rt.out.write(JSON.stringify(planJson(plan)));
    else for (const line of planLines(plan)) await rt.out.write(redactor.redact(line));
    await rt.flush();
    return EXIT.ok;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** The `--json` object: `estimated_seconds` and the per-stream and per-class figures. */
export function planJson(plan: SyncPlan) {
  return {
    estimated_seconds: round(plan.estimatedSeconds),
    streams: plan.streams.map((s) => ({
      stream: s.stream,
      route: s.route,
      records: s.records ?? null,
      requests: s.requests,
      requests_by_class: s.classes,
      start_seconds: round(s.startSeconds),
      seconds: round(s.seconds),
      basis: s.basis,
      ...(s.sharedWith ? { shared_with: s.sharedWith } : {}),
      ...(s.problem ? { problem: s.problem } : {}),
    })),
    classes: plan.classes.map((c) => ({
      class: c.name,
      limit: c.limit,
      window_seconds: round(c.windowSeconds),
      requests: c.requests,
      seconds: round(c.seconds),
      bound_seconds: round(c.boundSeconds),
    })),
    concurrency: plan.concurrency,
    latency_ms: round(plan.latencyMs),
    requests_made: plan.requestsMade,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Two tables (streams, rate classes) and the total, for people. */
export function planLines(plan: SyncPlan): string[] {
  // A long "why" after a route would stretch the table: it goes to a note under it.
  const notes = new Map<string, string[]>();
  const routeCell = (stream: string, route: string) => {
    const open = route.indexOf(" (");
    if (route.length <= 60 || open < 0 || !route.endsWith(")")) return route;
    const why = route.slice(open + 2, -1);
    notes.set(why, [...(notes.get(why) ?? []), stream]);
    return `${route.slice(0, open)} [${[...notes.keys()].indexOf(why) + 1}]`;
  };
  const streamRows = plan.streams.map((s) => [
    s.stream,
    s.problem ? `(${s.problem})` : routeCell(s.stream, s.route),
    s.records === undefined ? "?" : number(s.records),
    number(s.requests),
    Object.entries(s.classes)
      .map(([c, n]) => `${c} ${number(n)}`)
      .join(", "),
    s.problem ? "" : seconds(s.seconds),
  ]);
  const totalRequests = plan.streams.reduce((n, s) => n + s.requests, 0);
  const knownRecords = plan.streams.reduce((n, s) => n + (s.records ?? 0), 0);
  const streams = formatTable(
    ["stream", "route", "records", "requests", "by rate class", "seconds"],
    streamRows,
    ["total", "", number(knownRecords), number(totalRequests), "", seconds(plan.estimatedSeconds)],
    [false, false, true, true, false, true],
  );
  const classes = formatTable(
    ["rate class", "limit", "requests", "done after (s)", "alone at its limit (s)"],
    plan.classes.map((c) => [c.name, `${number(c.limit)} / ${seconds(c.windowSeconds)} s`, number(c.requests), seconds(c.seconds), seconds(c.boundSeconds)]),
    undefined,
    [false, true, true, true, true],
  );
  const unknown = plan.streams.filter((s) => s.records === undefined && !s.problem).length;
  const noteLines = [...notes].map(([why, streams], i) => `[${i + 1}] ${streams.join(", ")}: ${why}`);
  return [
    ...streams,
    ...noteLines,
    "",
    ...classes,
    "",
    `Estimated time: ${formatDuration(plan.estimatedSeconds)} (${number(totalRequests)} requests, ${plan.concurrency} streams at once, ~${Math.round(plan.latencyMs)} ms a request).` +
      (unknown > 0 ? ` Records marked ? cannot be counted before reading.` : ""),
    `The plan itself sent ${number(plan.requestsMade)} requests.`,
  ];
}

function formatDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}
