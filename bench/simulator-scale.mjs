#!/usr/bin/env node
// Scale of the Zendesk simulator itself (issue 3: "scales to 1,000,000 tickets with memory under 1 GB
// by generating pages on demand, and serves pages faster than any client consumes them"):
//  - start-up time and peak RSS of `startSimulator({ tickets: 1_000_000 })` (rate limits off);
//  - the full tickets cursor export walked by a raw undici client, once reading body bytes only
//    (the serving rate) and once with JSON.parse of every page (a client consuming it), plus the
//    time spent inside JSON.parse alone (the fastest any client can consume these pages);
//  - the users cursor export and the organizations time export, walked once (bytes only);
//  - peak RSS after all of it.
// Client and simulator share this process (and its RSS), so the serving rates are lower bounds.
// Usage: node bench/simulator-scale.mjs [--tickets 1000000] [--per-page 1000]
import { parseArgs } from "node:util";
import { startSimulator } from "@calabi/zendesk-simulator";
import { Pool } from "undici";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    "per-page": { type: "string", default: "1000" },
  },
});
const TICKETS = Number(values.tickets);
const PER_PAGE = Number(values["per-page"]);
const AUTH = "Basic " + Buffer.from("bench@example.com/token:bench-token").toString("base64");
const ANCHOR = "2026-11-01T00:00:00Z";
const START = Math.floor(Date.parse("2000-01-01T00:00:00Z") / 1000);
const mb = (bytes) => (bytes / 1e6).toFixed(0);
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

/**
 * Walks one export to its end over one keep-alive connection. `parse`: JSON.parse every page and
 * follow `next` of the parsed body (timing JSON.parse separately); otherwise find the next URL in
 * the raw text.
 */
async function walk(pool, { path, key, parse, nextField, endField = "end_of_stream" }) {
  if (!parse && key !== "tickets") throw new Error("bytes-only walks count tickets only");
  let url = path;
  let pages = 0;
  let records = 0;
  let bytes = 0;
  let parseMs = 0;
  let trapped = false;
  const t0 = performance.now();
  while (url) {
    const u = new URL(url, "http://x");
    const res = await pool.request({ path: u.pathname + u.search, method: "GET", headers: { authorization: AUTH } });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    pages++;
    bytes += Buffer.byteLength(text);
    if (parse) {
      const p0 = performance.now();
      const body = JSON.parse(text);
      parseMs += performance.now() - p0;
      records += body[key].length;
      const next = body[endField] ? null : body[nextField];
      if (next && next === url && body.count != null) {
        // a time export whose next_page repeats itself: a same-second cluster larger than a page
        // (the documented >=1000-in-one-second trap; with 50,000 organizations many share the last second)
        trapped = true;
        break;
      }
      url = next;
    } else {
      // the next link and the end flag come after the records, so search the tail only
      const tail = text.slice(-4096);
      const m = new RegExp(`"${nextField}":"([^"]*)"`).exec(tail);
      url = tail.includes(`"${endField}":true`) || !m ? null : m[1];
      records += count(text, '"generated_timestamp":'); // once per ticket
    }
  }
  return { pages, records, bytes, seconds: (performance.now() - t0) / 1000, parseMs, trapped };
}

function count(text, needle) {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

async function main() {
  const rows = [];
  const row = (...cells) => {
    rows.push(cells);
    console.error(`  | ${cells.join(" | ")} |`);
  };
  console.error(`simulator-scale: ${TICKETS} tickets, per_page ${PER_PAGE}, rate limits off`);
  const rss0 = maxRssBytes();
  const t0 = performance.now();
  const sim = await startSimulator({ seed: 1, tickets: TICKETS, anchor: ANCHOR, rateLimitDisabled: true });
  const startSeconds = (performance.now() - t0) / 1000;
  const rssStart = maxRssBytes();
  const pool = new Pool(sim.url, { connections: 1 });
  try {
    const a = sim.account;
    row("start-up", `${startSeconds.toFixed(1)} s`, `${a.tickets.size} tickets, ${a.users.size} users, ${a.organizations.size} organizations`, `peak RSS ${mb(rssStart)} MB (before start ${mb(rss0)} MB)`);

    const tickets = `/api/v2/incremental/tickets/cursor.json?per_page=${PER_PAGE}&start_time=${START}`;
    const raw = await walk(pool, { path: tickets, key: "tickets", parse: false, nextField: "after_url" });
    console.error(`  tickets export, bytes only: ${raw.pages} pages in ${raw.seconds.toFixed(1)} s`);
    row("serve: tickets cursor export, body bytes only", `${(raw.pages / raw.seconds).toFixed(1)} pages/s`, `${(raw.records / raw.seconds).toFixed(0)} tickets/s`, `${(raw.bytes / raw.seconds / 1e6).toFixed(1)} MB/s, ${raw.records} tickets, ${(raw.bytes / 1e9).toFixed(2)} GB`);

    const parsed = await walk(pool, { path: tickets, key: "tickets", parse: true, nextField: "after_url" });
    console.error(`  tickets export, JSON.parse: ${parsed.pages} pages in ${parsed.seconds.toFixed(1)} s`);
    row("client: same walk + JSON.parse of every page", `${(parsed.pages / parsed.seconds).toFixed(1)} pages/s`, `${(parsed.records / parsed.seconds).toFixed(0)} tickets/s`, `${parsed.records} tickets`);
    const parseS = parsed.parseMs / 1000;
    row("client: JSON.parse alone (CPU inside JSON.parse)", `${(parsed.pages / parseS).toFixed(1)} pages/s`, `${(parsed.records / parseS).toFixed(0)} tickets/s`, `${(parsed.bytes / parseS / 1e6).toFixed(1)} MB/s`);

    const users = await walk(pool, { path: `/api/v2/incremental/users/cursor.json?per_page=${PER_PAGE}&start_time=${START}`, key: "users", parse: true, nextField: "after_url" });
    row("serve: users cursor export (+ JSON.parse)", `${(users.pages / users.seconds).toFixed(1)} pages/s`, `${(users.records / users.seconds).toFixed(0)} users/s`, `${users.records} users`);
    const orgs = await walk(pool, { path: `/api/v2/incremental/organizations.json?start_time=${START}`, key: "organizations", parse: true, nextField: "next_page" });
    row("serve: organizations time export (+ JSON.parse)", `${(orgs.pages / orgs.seconds).toFixed(1)} pages/s`, `${(orgs.records / orgs.seconds).toFixed(0)} organizations/s`, `${orgs.records} records (boundary duplicates included)${orgs.trapped ? "; stopped at a same-second cluster larger than a page (the time-export trap)" : ""}`);

    row("peak RSS after all walks (simulator + client)", `${mb(maxRssBytes())} MB`, "", "");
    const servingFaster = raw.records / raw.seconds > parsed.records / parsed.seconds;
    const servingFasterThanParse = raw.records / raw.seconds > parsed.records / parseS;
    row("serving faster than a JSON.parse client walk?", servingFaster ? "yes" : "no", `faster than JSON.parse alone? ${servingFasterThanParse ? "yes" : "no"}`, "");
  } finally {
    await pool.close();
    await sim.close();
  }

  console.log(`\n### Simulator scale (${TICKETS} tickets, per_page ${PER_PAGE}, node ${process.version})\n`);
  console.log("| measurement | value | detail | notes |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
