#!/usr/bin/env node
// Child process of bench/simulator-scale.mjs: runs one simulator and reports on its own resources,
// so the server's CPU and memory are measured apart from the client's.
// Prints one JSON line when listening ({ url, startupMs, ...stats }); then for every stdin line:
// "stats" → one JSON line of stats, "requests" → the requests answered since the last ask (by rate
// class, status and endpoint), "exit" → closes and exits.
// Usage: node bench/simulator-server.mjs --tickets 1000000 [--minute-ms 50]
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

// SIMULATOR_MODULE=/path/to/dist/index.js runs another build (e.g. to compare before/after a change).
const { startSimulator } = await import(process.env.SIMULATOR_MODULE || "@calabi/zendesk-simulator");

const { values } = parseArgs({ options: { tickets: { type: "string", default: "1000000" }, anchor: { type: "string", default: "2026-11-01T00:00:00Z" }, "minute-ms": { type: "string" } } });

const stats = () => {
  const cpu = process.cpuUsage();
  return { cpuUserUs: cpu.user, cpuSystemUs: cpu.system, maxRssKb: process.resourceUsage().maxRSS, rssBytes: process.memoryUsage().rss };
};

const t0 = performance.now();
// --minute-ms: keep the rate limits but compress their one-minute window (a client that budgets by
// the server's reports then runs at full speed); without it, rate limits are off.
const limits = values["minute-ms"] ? { minuteMs: Number(values["minute-ms"]) } : { rateLimitDisabled: true };
const sim = await startSimulator({ seed: 1, tickets: Number(values.tickets), anchor: values.anchor, ...limits });
const startupMs = performance.now() - t0;
const a = sim.account;
process.stdout.write(JSON.stringify({ url: sim.url, startupMs, tickets: a.tickets.size, users: a.users.size, organizations: a.organizations.size, ...stats() }) + "\n");

// "requests": the requests answered since the last "requests", by rate class and status.
const classOf = (path) => (/^\/api\/v2\/incremental\//.test(path) ? "incremental-exports" : /^\/api\/v2\/(help_center|community)/.test(path) ? "help-center" : /^\/api\/v2\//.test(path) ? "account" : "other");
let seen = 0;
const requests = () => {
  const log = sim.requests();
  const out = { total: 0, byClass: {}, byStatus: {}, byEndpoint: {} };
  for (const r of log.slice(seen)) {
    const cls = classOf(r.path);
    const endpoint = r.path.split("?")[0];
    out.total++;
    out.byClass[cls] = (out.byClass[cls] ?? 0) + 1;
    out.byStatus[r.status] = (out.byStatus[r.status] ?? 0) + 1;
    out.byEndpoint[endpoint] = (out.byEndpoint[endpoint] ?? 0) + 1;
  }
  seen = log.length;
  return out;
};

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "stats") process.stdout.write(JSON.stringify(stats()) + "\n");
  else if (line.trim() === "requests") process.stdout.write(JSON.stringify(requests()) + "\n");
  else if (line.trim() === "exit") break;
}
await sim.close();
process.exit(0);
