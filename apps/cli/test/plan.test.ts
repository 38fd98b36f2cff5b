/**
 * `calabi plan` end to end: the built CLI with the real plugins against the simulator on a
 * loopback port (small account, compressed minute), and its bad inputs.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expectNoStackTrace, runCli, tempDir, writeJson } from "./helpers.js";

type Sim = { url: string; groundTruth(stream: string): any[]; requests(): { path: string }[]; advanceClock(ms: number): void; close(): Promise<void> };
const { startSimulator } = (await import("@calabi/zendesk-simulator")) as { startSimulator(options: unknown): Promise<Sim> };

const SECRET = "plan-token-SECRET-42";
const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
});

async function setup(options: Record<string, unknown> = {}) {
  const sim = await startSimulator({ seed: 5, tickets: 300, minuteMs: 500, anchor: "2026-11-01T00:00:00Z", ...options });
  running.push(sim);
  sim.advanceClock(120_000);
  const dir = await tempDir("calabi-plan-");
  const config = await writeJson(
    join(dir, "config.json"),
    { subdomain: "acme", base_url: sim.url, start_date: "2000-01-01T00:00:00Z", credentials: { credentials: "api_token", email: "p@example.com", api_token: SECRET } },
    0o600,
  );
  return { sim, dir, config };
}

describe("calabi plan", () => {
  it("--json: one object with estimated_seconds, per-stream and per-class figures; counts match the account; few requests of its own", async () => {
    const { sim, config } = await setup();
    const result = await runCli(["plan", "--config", config, "--json", "--rate-window-seconds", "0.5"]);
    expectNoStackTrace(result);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const plan = JSON.parse(lines[0]);
    expect(Object.keys(plan)).toEqual(expect.arrayContaining(["estimated_seconds", "streams", "classes", "requests_made"]));
    const by = Object.fromEntries(plan.streams.map((s: any) => [s.stream, s]));
    // Every stream a sync would read (not opt-in), each with an estimate.
    expect(plan.streams.map((s: any) => s.stream)).not.toContain("tickets_search");
    expect(plan.streams.filter((s: any) => s.problem)).toEqual([]);
    expect(by.tickets.records).toBe(sim.groundTruth("tickets").length);
    expect(by.tickets.basis).toBe("count endpoint");
    expect(by.users.records).toBe(sim.groundTruth("users").length);
    expect(by.organizations.records).toBe(sim.groundTruth("organizations").length);
    expect(by.groups.records).toBe(sim.groundTruth("groups").length);
    // One side-conversations request per ticket, after the tickets export it walks for partitions.
    expect(by.side_conversations.requests).toBe(sim.groundTruth("tickets").length + by.tickets.requests);
    // ticket_events and ticket_comments share one walk: its requests are the first member's.
    expect(by.ticket_comments.shared_with ?? by.ticket_events.shared_with).toEqual(expect.arrayContaining(["ticket_events", "ticket_comments"]));
    expect(by.ticket_events.requests + by.ticket_comments.requests).toBeGreaterThan(0);
    expect(by.ticket_metrics.shared_with ?? by.tickets.shared_with).toEqual(expect.arrayContaining(["tickets", "ticket_metrics"]));
    const classes = Object.fromEntries(plan.classes.map((c: any) => [c.class, c]));
    expect(classes["incremental-exports"].limit).toBe(10);
    expect(classes["incremental-exports"].window_seconds).toBe(0.5);
    expect(classes.account.limit).toBe(700);
    // Per-class totals add up to the per-stream ones.
    const fromStreams = plan.streams.reduce((n: number, s: any) => n + (s.requests_by_class["incremental-exports"] ?? 0), 0);
    expect(classes["incremental-exports"].requests).toBe(fromStreams);
    expect(plan.estimated_seconds).toBeGreaterThanOrEqual(classes["incremental-exports"].bound_seconds);
    // What the plan sent: its own requests only, about one per stream.
    expect(plan.requests_made).toBe(sim.requests().length);
    expect(plan.requests_made).toBeLessThan(plan.streams.length * 2);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it("human output: a stream table, a rate-class table and the total", async () => {
    const { config } = await setup();
    const result = await runCli(["plan", "--config", config, "--streams", "tickets,users,ticket_metrics"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stream\s+route\s+records\s+requests\s+by rate class\s+seconds/);
    expect(result.stdout).toMatch(/tickets\s+\/api\/v2\/incremental\/tickets\/cursor\.json \[1\]\s+\d+\s+1\s+incremental-exports 1, account 1/);
    expect(result.stdout).toMatch(/\[1\] tickets, ticket_metrics: tickets is selected: one export walk serves both/);
    // ticket_metrics rides on the tickets stream's walk (metric sets side-loaded): no requests of its own.
    expect(result.stdout).toMatch(/ticket_metrics\s+\/api\/v2\/incremental\/tickets\/cursor\.json \[1\]\s+\d+\s+0\s/);
    expect(result.stdout).toMatch(/rate class\s+limit\s+requests/);
    expect(result.stdout).toMatch(/incremental-exports\s+10 \/ 60\.0 s\s+2/);
    expect(result.stdout).toMatch(/Estimated time: /);
    expect(result.stdout).toMatch(/The plan itself sent \d+ requests\./);
  });

  it("--state: an incremental plan starts at the saved cursors (fewer records than a first sync)", async () => {
    const { sim, dir, config } = await setup();
    const first = JSON.parse((await runCli(["plan", "--config", config, "--json", "--streams", "tickets,ticket_metrics"])).stdout);
    const newest = Math.max(...sim.groundTruth("tickets").map((t: any) => Number(t.generated_timestamp)));
    const state = await writeJson(join(dir, "state.json"), [
      { type: "STREAM", stream: { stream_descriptor: { name: "tickets" }, stream_state: { generated_timestamp: String(newest - 86_400 * 30) } } },
      { type: "STREAM", stream: { stream_descriptor: { name: "ticket_metrics" }, stream_state: { _ab_updated_at: String(newest - 86_400 * 30) } } },
    ]);
    const result = await runCli(["plan", "--config", config, "--json", "--streams", "tickets,ticket_metrics", "--state", state]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    const by = Object.fromEntries(plan.streams.map((s: any) => [s.stream, s]));
    const recent = sim.groundTruth("tickets").filter((t: any) => Number(t.generated_timestamp) >= newest - 86_400 * 30).length;
    expect(by.tickets.basis).toMatch(/^saved state \+ first page/);
    expect(by.tickets.records).toBeLessThan(first.streams.find((s: any) => s.stream === "tickets").records);
    expect(by.tickets.records).toBeGreaterThanOrEqual(recent);
    // ticket_metrics with state reads the tickets export with metric sets, not the bulk list.
    expect(by.ticket_metrics.route).toMatch(/incremental\/tickets\/cursor\.json/);
  });

  it("ticket_comments alone on a first sync: the plan shows the sync's route (export until the split + audits feed, two classes)", async () => {
    const { config } = await setup();
    const result = await runCli(["plan", "--config", config, "--json", "--streams", "ticket_comments"]);
    expect(result.code).toBe(0);
    const [comments] = JSON.parse(result.stdout).streams;
    expect(comments.route).toMatch(/^\/api\/v2\/incremental\/ticket_events\.json \+ \/api\/v2\/ticket_audits\.json \(first sync: comments of the last 100 days/);
    expect(Object.keys(comments.requests_by_class).sort()).toEqual(["account", "incremental-exports"]);
    expect(comments.records).toBeGreaterThan(0);
  });

  it("tickets_search (opt-in, named): sized by the search count, the records and requests of the sync that follows", async () => {
    const { sim, dir } = await setup();
    // A start near the account's history: a slice a month, fewer than the search-export class's 100 a minute.
    const config = await writeJson(
      join(dir, "search.json"),
      { subdomain: "acme", base_url: sim.url, start_date: "2025-09-01T00:00:00Z", credentials: { credentials: "api_token", email: "p@example.com", api_token: SECRET } },
      0o600,
    );
    const result = await runCli(["plan", "--config", config, "--json", "--streams", "tickets_search"]);
    expect(result.code, result.stderr).toBe(0);
    const [search] = JSON.parse(result.stdout).streams;
    expect(search.basis).toMatch(/^search count, \d+ slices of 30 days$/);
    expect(Object.keys(search.requests_by_class)).toContain("search-export");
    const before = sim.requests().length;
    const out = join(dir, "out");
    const synced = await runCli(["sync", "--config", config, "--output", out, "--streams", "tickets_search"]);
    expect(synced.code, synced.stderr).toBe(0);
    const lines = (await readFile(join(out, "tickets_search.jsonl"), "utf8")).trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    expect(search.records).toBe(lines.length);
    const pages = sim.requests().slice(before).filter((r) => r.path.startsWith("/api/v2/search/export")).length;
    const slices = Number(/(\d+) slices/.exec(search.basis)![1]);
    // Each slice's last page is partly full: the plan takes half a page a slice on average.
    expect(Math.abs(search.requests - pages), `planned ${search.requests}, made ${pages}`).toBeLessThanOrEqual(Math.ceil(slices / 2));
  });

  it("bad input: a clear one-paragraph message, exit 2, no stack trace, no secret", async () => {
    const { dir, config } = await setup();
    const cases: [string[], RegExp][] = [
      [["plan", "--config", config, "--rate-window-seconds", "soon"], /--rate-window-seconds must be a positive number of seconds \(got "soon"\)/],
      [["plan", "--config", config, "--streams", "tickets,nope"], /--streams names an unknown stream: "nope"/],
      [["plan", "--config", join(dir, "missing.json")], /Cannot read the config file .*missing\.json: it does not exist/],
      [["plan", "--config", config, "--state", join(dir, "missing-state.json")], /Cannot read the state file .*missing-state\.json/],
      [["plan"], /Required option '--config <file>' not specified/],
      [["plan", "--config", config, "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
      expectNoStackTrace(result);
      expect(result.stderr).not.toContain(SECRET);
    }
  });
});
