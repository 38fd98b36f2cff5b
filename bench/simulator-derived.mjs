#!/usr/bin/env node
// The ticket-derived and list endpoints of the Zendesk simulator at scale (issue 3: every endpoint usable at
// 1,000,000 tickets within 1 GB, pages generated on demand). For each endpoint: the first page
// (which builds the endpoint's (time, id) index on first use), the steady cost of the next pages,
// and how much of it is the client's own JSON.parse. Peak RSS at the end covers every index built.
// Usage: node bench/simulator-derived.mjs [--tickets 1000000] [--pages 20]
import { parseArgs } from "node:util";
import { startSimulator } from "@calabi/zendesk-simulator";
import { Pool } from "undici";
import { BENCH_AUTH } from "./config.mjs";

const { values } = parseArgs({ options: { tickets: { type: "string", default: "1000000" }, pages: { type: "string", default: "20" } } });
const TICKETS = Number(values.tickets);
const PAGES = Number(values.pages);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** endpoint, first path, how to find the next path in a parsed body */
const ENDPOINTS = [
  ["incremental/ticket_events (+comment_events)", "/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events", (b) => b.next_page],
  ["incremental/ticket_metric_events", "/api/v2/incremental/ticket_metric_events.json?start_time=0", (b) => b.next_page],
  ["ticket_audits (cursor, 100/page)", "/api/v2/ticket_audits.json?page[size]=100", (b) => (b.meta.has_more ? b.links.next : null)],
  ["ticket_audits (legacy feed, newest first)", "/api/v2/ticket_audits.json?limit=1000", (b) => b.before_url],
  ["ticket_metrics (cursor, 100/page)", "/api/v2/ticket_metrics.json?page[size]=100", (b) => (b.meta.has_more ? b.links.next : null)],
  ["satisfaction_ratings (cursor, 100/page)", "/api/v2/satisfaction_ratings.json?page[size]=100&start_time=0", cursorNext],
  ["skips (cursor, 100/page)", "/api/v2/skips.json?page[size]=100", cursorNext],
  ["activities (cursor, 100/page)", "/api/v2/activities.json?page[size]=100", cursorNext],
  ["audit_logs (cursor, 100/page)", "/api/v2/audit_logs.json?page[size]=100", cursorNext],
  ["search/export tickets (1000/page)", "/api/v2/search/export.json?filter[type]=ticket&page[size]=1000&query=" + encodeURIComponent("updated_at>2025-01-01"), cursorNext],
  ["tickets list (cursor, 100/page)", "/api/v2/tickets.json?page[size]=100", cursorNext],
  ["tags (cursor, 100/page)", "/api/v2/tags.json?page[size]=100", cursorNext],
  ["deleted_tickets (cursor, 100/page)", "/api/v2/deleted_tickets.json?page[size]=100", cursorNext],
];

function cursorNext(b) {
  return b.meta.has_more ? b.links.next : null;
}

async function main() {
  const t0 = performance.now();
  const sim = await startSimulator({ seed: 1, tickets: TICKETS, anchor: "2026-11-01T00:00:00Z", rateLimitDisabled: true });
  const rows = [["start-up", `${((performance.now() - t0) / 1000).toFixed(1)} s`, "", "", "", `peak RSS ${peakMb()} MB`]];
  console.error(`simulator-derived: ${TICKETS} tickets, ${PAGES} pages per endpoint`);
  const pool = new Pool(sim.url, { connections: 1 });
  const get = async (url) => {
    const u = new URL(url, sim.url);
    const res = await pool.request({ path: u.pathname + u.search, method: "GET", headers: { authorization: BENCH_AUTH } });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    const p0 = performance.now();
    const body = JSON.parse(text);
    parseMs += performance.now() - p0;
    return body;
  };
  let parseMs = 0;
  try {
    for (const [name, path, next] of ENDPOINTS) {
      let url = path;
      let first = 0;
      let records = 0;
      let pages = 0;
      const start = performance.now();
      parseMs = 0;
      let firstParse = 0;
      for (; pages < PAGES && url; pages++) {
        const p0 = performance.now();
        const body = await get(url);
        if (pages === 0) {
          first = performance.now() - p0;
          firstParse = parseMs;
        }
        records += Object.values(body).find(Array.isArray).length;
        url = next(body);
      }
      const steady = pages > 1 ? (performance.now() - start - first) / (pages - 1) : NaN;
      const parse = pages > 1 ? (parseMs - firstParse) / (pages - 1) : NaN;
      rows.push([name, `${first.toFixed(0)} ms`, `${steady.toFixed(1)} ms`, `${parse.toFixed(1)} ms`, `${(records / pages).toFixed(0)}`, `peak RSS ${peakMb()} MB`]);
      console.error(`  ${rows.at(-1).join(" | ")}`);
    }
  } finally {
    await pool.close();
    await sim.close();
  }
  console.log(`\n### Ticket-derived endpoints (${TICKETS} tickets, node ${process.version}, simulator and client in one process)\n`);
  console.log("| endpoint | first page (builds the index) | next pages, each (round trip) | of which client JSON.parse | records a page | memory |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
