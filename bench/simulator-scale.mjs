#!/usr/bin/env node
// Scale of the Zendesk simulator itself (issue 3: "scales to 1,000,000 tickets with memory under 1 GB
// by generating pages on demand, and serves pages faster than any client consumes them (measure it)").
//
// The simulator runs in a child process (bench/simulator-server.mjs) that reports its own
// process.cpuUsage() and peak RSS on request; the client runs here, over one keep-alive connection
// (undici Pool), rate limits off. Everything below is measured in one run:
//  - start-up time of `startSimulator({ tickets })` and the simulator's peak RSS;
//  - for the tickets and the users cursor exports, each walked to the end twice:
//      1. a bytes-only client (collects the body bytes, finds after_url in the tail): wall pages/s;
//      2. a JSON.parse client (decodes and parses every page): wall pages/s and the CPU spent
//         inside JSON.parse per page (process.cpuUsage() around the call; the least CPU any
//         client can spend consuming a page), with its wall time beside it;
//    and during both walks the server's CPU per page (child user+system CPU delta / pages, so it
//    includes HTTP, routing, generation, serialisation and GC);
//  - the verdict: is the server's CPU per page (the higher of the two walks) below the client's
//    JSON.parse CPU per page?
// Usage: node bench/simulator-scale.mjs [--tickets 1000000] [--per-page 1000]
// (SIMULATOR_MODULE=/path/to/dist/index.js runs another build of the simulator; SIMULATOR_NODE_ARGS adds node flags to it)
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { BENCH_AUTH } from "./config.mjs";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    "per-page": { type: "string", default: "1000" },
    "warm-up": { type: "string", default: "30" },
  },
});
const TICKETS = Number(values.tickets);
const PER_PAGE = Number(values["per-page"]);
const WARM_UP = Number(values["warm-up"]);
const START = Math.floor(Date.parse("2000-01-01T00:00:00Z") / 1000);
const SERVER = new URL("./simulator-server.mjs", import.meta.url).pathname;
const mb = (bytes) => (bytes / 1e6).toFixed(0);
const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

/** The simulator child: start it, wait for its first line, ask it for stats on demand. */
async function startServer() {
  const nodeArgs = (process.env.SIMULATOR_NODE_ARGS ?? "").split(" ").filter(Boolean); // e.g. "--cpu-prof" to profile the simulator
  const child = spawn(process.execPath, [...nodeArgs, SERVER, "--tickets", String(TICKETS)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`simulator child exited (${await exited})`);
    return JSON.parse(value);
  };
  const hello = await next();
  return {
    hello,
    stats: async () => {
      child.stdin.write("stats\n");
      return next();
    },
    stop: async () => {
      child.stdin.write("exit\n");
      await exited;
    },
  };
}

const cpuMs = (s) => (s.cpuUserUs + s.cpuSystemUs) / 1000;

/**
 * Walks one export from its start over the pool. `parse`: decode and JSON.parse every page and
 * follow the parsed `next` link (timing JSON.parse alone); otherwise collect the body bytes and find
 * the next link in the tail (the link and the end flag come after the records).
 */
async function walk(pool, { path, key, parse, nextField = "after_url", endField = "end_of_stream", maxPages = Infinity }) {
  let url = path;
  let pages = 0;
  let records = 0;
  let bytes = 0;
  let parseMs = 0;
  let parseCpuMs = 0;
  let trapped = false;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (url && pages < maxPages) {
    const u = new URL(url, "http://x");
    const res = await pool.request({ path: u.pathname + u.search, method: "GET", headers: { authorization: BENCH_AUTH } });
    pages++;
    if (parse) {
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
      bytes += Number(res.headers["content-length"] ?? text.length);
      const c0 = process.cpuUsage();
      const p0 = performance.now();
      const body = JSON.parse(text);
      parseMs += performance.now() - p0;
      const c1 = process.cpuUsage(c0);
      parseCpuMs += (c1.user + c1.system) / 1000;
      records += body[key].length;
      const next = body[endField] ? null : body[nextField];
      if (next && next === url && body.count != null) {
        // a time export whose next_page repeats itself: a same-second cluster larger than a page
        trapped = true;
        break;
      }
      url = next;
    } else {
      const chunks = [];
      for await (const c of res.body) chunks.push(c);
      const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${buf.subarray(0, 200)}`);
      bytes += buf.length;
      const tail = buf.subarray(Math.max(0, buf.length - 4096)).toString("latin1");
      const m = new RegExp(`"${nextField}":"([^"]*)"`).exec(tail);
      url = tail.includes(`"${endField}":true`) || !m ? null : m[1];
    }
  }
  const cpu = process.cpuUsage(cpu0);
  // the whole client: undici receiving the body, decoding it, JSON.parse, following the link
  const clientCpuMs = (cpu.user + cpu.system) / 1000;
  return { pages, records, bytes, seconds: (performance.now() - t0) / 1000, parseMs, parseCpuMs, clientCpuMs, trapped };
}

/** A walk with the server's CPU delta over it. */
async function measured(server, pool, spec) {
  const before = await server.stats();
  const w = await walk(pool, spec);
  const after = await server.stats();
  return { ...w, serverCpuMs: cpuMs(after) - cpuMs(before), pagesPerSecond: w.pages / w.seconds };
}

async function main() {
  console.error(`simulator-scale: ${TICKETS} tickets, per_page ${PER_PAGE}, rate limits off, simulator in a child process`);
  const server = await startServer();
  const { hello } = server;
  console.error(`  simulator up in ${(hello.startupMs / 1000).toFixed(1)} s: ${hello.tickets} tickets, ${hello.users} users, ${hello.organizations} organizations, peak RSS ${mb(hello.maxRssKb * 1024)} MB`);
  const pool = new Pool(hello.url, { connections: 1 });
  const streams = [];
  let orgs;
  try {
    const tickets = `/api/v2/incremental/tickets/cursor.json?per_page=${PER_PAGE}&start_time=${START}`;
    const users = `/api/v2/incremental/users/cursor.json?per_page=${PER_PAGE}&start_time=${START}`;
    // warm-up (JIT on both sides), not counted
    await walk(pool, { path: tickets, key: "tickets", parse: true, maxPages: WARM_UP });
    await walk(pool, { path: users, key: "users", parse: true, maxPages: WARM_UP });
    for (const [name, path] of [["tickets", tickets], ["users", users]]) {
      const bytesOnly = await measured(server, pool, { path, key: name, parse: false });
      console.error(`  ${name}: bytes-only walk, ${bytesOnly.pages} pages in ${f1(bytesOnly.seconds)} s, server ${f2(bytesOnly.serverCpuMs / bytesOnly.pages)} ms CPU/page`);
      const parsed = await measured(server, pool, { path, key: name, parse: true });
      console.error(`  ${name}: JSON.parse walk, ${parsed.pages} pages in ${f1(parsed.seconds)} s, server ${f2(parsed.serverCpuMs / parsed.pages)} ms CPU/page, JSON.parse ${f2(parsed.parseCpuMs / parsed.pages)} ms CPU/page (${f2(parsed.parseMs / parsed.pages)} ms wall)`);
      if (bytesOnly.pages !== parsed.pages) throw new Error(`${name}: the two walks saw ${bytesOnly.pages} and ${parsed.pages} pages`);
      streams.push({ name, bytesOnly, parsed });
    }
    orgs = await measured(server, pool, { path: `/api/v2/incremental/organizations.json?start_time=${START}`, key: "organizations", parse: true, nextField: "next_page" });
  } finally {
    await pool.close();
  }
  const last = await server.stats();
  await server.stop();

  const out = [];
  const p = (s = "") => out.push(s);
  p(`### Simulator scale (${TICKETS.toLocaleString("en-US")} tickets, per_page ${PER_PAGE}, node ${process.version}, simulator in a child process)`);
  p();
  p("| stream | pages | records | MB/page | server CPU ms/page (bytes-only walk) | server CPU ms/page (JSON.parse walk) | client JSON.parse CPU ms/page (wall) | server CPU / JSON.parse CPU | pages/s, bytes-only client | pages/s, JSON.parse client | server CPU per page < client JSON.parse per page? | client CPU ms/page, whole (receive + decode + parse) | server CPU per page < whole client CPU per page? |");
  p("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  let allFaster = true;
  let allFasterThanClient = true;
  for (const { name, bytesOnly: b, parsed: q } of streams) {
    const serverMs = Math.max(b.serverCpuMs / b.pages, q.serverCpuMs / q.pages);
    const parseMs = q.parseCpuMs / q.pages;
    const faster = serverMs < parseMs;
    allFaster &&= faster;
    const clientMs = q.clientCpuMs / q.pages;
    const fasterThanClient = serverMs < clientMs;
    allFasterThanClient &&= fasterThanClient;
    p(`| ${name} cursor export | ${q.pages} | ${q.records.toLocaleString("en-US")} | ${f2(q.bytes / q.pages / 1e6)} | ${f2(b.serverCpuMs / b.pages)} | ${f2(q.serverCpuMs / q.pages)} | ${f2(parseMs)} (${f2(q.parseMs / q.pages)}) | ${f2(serverMs / parseMs)} | ${f1(b.pagesPerSecond)} | ${f1(q.pagesPerSecond)} | **${faster ? "yes" : "no"}** | ${f2(clientMs)} | **${fasterThanClient ? "yes" : "no"}** |`);
  }
  p();
  p("| measure | value |");
  p("|---|---|");
  p(`| start-up of \`startSimulator({ tickets: ${TICKETS} })\` | ${f1(hello.startupMs / 1000)} s (${hello.users.toLocaleString("en-US")} users, ${hello.organizations.toLocaleString("en-US")} organizations); peak RSS ${mb(hello.maxRssKb * 1024)} MB |`);
  p(`| organizations time export (JSON.parse client) | ${orgs.pages} pages, ${orgs.records.toLocaleString("en-US")} records, server ${f2(orgs.serverCpuMs / orgs.pages)} ms CPU/page, JSON.parse ${f2(orgs.parseCpuMs / orgs.pages)} ms CPU/page${orgs.trapped ? "; stopped at a same-second cluster larger than a page (the time-export trap)" : ""} |`);
  p(`| simulator peak RSS (child process, after all walks) | ${mb(last.maxRssKb * 1024)} MB |`);
  p(`| server CPU per page < client JSON.parse per page, tickets and users? | **${allFaster ? "yes" : "no"}** |`);
  p(`| server CPU per page < a minimal HTTP client's whole CPU per page (undici + decode + JSON.parse), tickets and users? | **${allFasterThanClient ? "yes" : "no"}** |`);
  console.log("\n" + out.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
