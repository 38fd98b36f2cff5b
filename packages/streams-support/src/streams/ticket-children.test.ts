/**
 * The ticket-child and export streams against the simulator over loopback: first sync equals the
 * ground truth (with requests per record reported), incremental syncs after mutations pick up
 * exactly the changes, deletion markers, the error rules (skip vs fail), shared passes through
 * the kernel runner, and the ticket_audits data feed.
 */
import { zendeskSource } from "@calabi/auth-zendesk";
import { type Clock, createLogger, defaultConfiguredCatalog, HttpFailure, MemoryStateStore, runStreams, silentLogger, SkipError, type Stream, systemClock } from "@calabi/kernel";
import { addSideConversation, type RunningSimulator, supportAccess, ticketChildGroundTruth, type TicketChildStream } from "@calabi/zendesk-simulator";
import { readReference } from "@calabi/fixtures";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { configFor, dedupe, fastClock, ids, nonEmpty, readStream, simulator } from "../../test/harness.js";
import { CapturingSink, RecordingDestination } from "../../test/recording.js";
import { skipPartitionOn } from "../common/error-rules.js";
import {
  auditLogs,
  deletedTickets,
  satisfactionRatings,
  sideConversations,
  ticketActivities,
  ticketAudits,
  ticketChildGroups,
  ticketComments,
  ticketEvents,
  ticketMetricEvents,
  ticketMetrics,
  ticketSkips,
  ticketsSearch,
  userIdentities,
} from "./ticket_children.js";
import { searchSlices } from "./tickets_search.js";
import { users } from "./users.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MINUTE = 60_000;
const cost: string[] = [];
afterAll(() => {
  if (cost.length) console.info(`requests per record (first sync, 300 tickets):\n${cost.join("\n")}`);
});

const sortById = (records: Record<string, unknown>[] = []) => [...records].sort((a, b) => Number(a.id) - Number(b.id));
const truthOf = (s: RunningSimulator, name: string) =>
  name === "user_identities" || name === "deleted_tickets" ? s.groundTruth(name) : ticketChildGroundTruth(s.sim, name as TicketChildStream);

describe("first sync equals the simulator's ground truth", () => {
  it.each([
    ["ticket_events", ticketEvents],
    ["ticket_comments", ticketComments],
    ["ticket_audits", ticketAudits],
    ["ticket_metrics", ticketMetrics],
    ["ticket_metric_events", ticketMetricEvents],
    ["side_conversations", sideConversations],
    ["user_identities", userIdentities],
    ["deleted_tickets", deletedTickets],
    ["satisfaction_ratings", satisfactionRatings],
    ["ticket_activities", ticketActivities],
    ["ticket_skips", ticketSkips],
    ["audit_logs", auditLogs],
    ["tickets_search", ticketsSearch],
  ] as [string, Stream][])("%s", async (name, stream) => {
    sim = await simulator();
    const result = await readStream(stream, sim);
    const truth = truthOf(sim, name);
    expect(truth.length, `${name} has ground truth`).toBeGreaterThan(0);
    expect(ids(result.records)).toEqual(ids(truth));
    expect(new Set(result.records.map((r) => r.id)).size).toBe(result.records.length);
    const byId = dedupe(truth);
    for (const record of result.records) {
      // ticket_metrics adds its cursor and the parent ticket's generated_timestamp (the cursor's source).
      const { _ab_updated_at, ...rest } = record;
      if (name === "ticket_metrics") {
        const { generated_timestamp, ...metric } = rest;
        expect(metric, `${name} ${String(record.id)}`).toEqual(byId.get(record.id));
        expect(_ab_updated_at).toBe(generated_timestamp);
        continue;
      }
      expect(rest, `${name} ${String(record.id)}`).toEqual(byId.get(record.id));
    }
    cost.push(`  ${name.padEnd(22)} ${String(result.requests).padStart(4)} requests / ${String(result.records.length).padStart(5)} records = ${(result.requests / result.records.length).toFixed(3)}`);
  });
});

describe("ticket_events and ticket_comments", () => {
  it("ticket_comments sends include=comment_events and per_page=page_size, copies the parent's fields, and checkpoints {created_at}", async () => {
    sim = await simulator();
    const result = await readStream(ticketComments, sim, { config: { page_size: 50 } });
    const first = sim.requests().find((r) => r.path.includes("/incremental/ticket_events"))!.path;
    expect(first).toMatch(/^\/api\/v2\/incremental\/ticket_events\.json\?.*include=comment_events/);
    expect(first).toContain("per_page=50");
    expect(result.records.every((c) => typeof c.ticket_id === "number" && typeof c.timestamp === "number" && c.via_reference_id === null)).toBe(true);
    expect(result.checkpoints.at(-1)).toEqual({ created_at: expect.stringMatching(/^\d+$/) });
  });

  it("ticket_events alone sends only start_time and keeps the comment stubs", async () => {
    sim = await simulator();
    const result = await readStream(ticketEvents, sim);
    expect(sim.requests()[0].path).toMatch(/^\/api\/v2\/incremental\/ticket_events\.json\?start_time=\d+$/);
    const child = (result.records[0].child_events as any[]).find((c) => c.event_type === "Comment");
    expect(child.comment_present).toBe(true);
    expect(result.checkpoints.at(-1)).toEqual({ timestamp: expect.stringMatching(/^\d+$/) });
  });

  it("an incremental sync after a ticket update returns exactly the new event (plus the state's own second)", async () => {
    sim = await simulator();
    const first = await readStream(ticketEvents, sim);
    const state = first.checkpoints.at(-1)!;
    const ticket = sim.groundTruth("tickets").find((t) => t.status !== "closed")!;
    sim.account.updateTicket(ticket.id as number, { status: "solved", subject: "Updated by the test" });
    sim.advanceClock(2 * MINUTE);
    const before = new Set(first.records.map((r) => r.id));
    const second = await readStream(ticketEvents, sim, { state });
    const fresh = second.records.filter((r) => !before.has(r.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ ticket_id: ticket.id, event_type: "Audit" });
    expect((fresh[0].child_events as any[]).some((c) => c.event_type === "Change" && c.status === "solved")).toBe(true);
    for (const r of second.records.filter((r) => before.has(r.id))) expect(String(r.timestamp)).toBe(state.timestamp);
    expect(second.requests).toBe(1);
  });

  it.each([
    ["flag missing → continue, false → continue, true → stop", [undefined, false, true], true, 3],
    ["no next_page → stop", [false], false, 1],
  ] as const)("ticket_comments end_of_stream: %s", async (_name, flags, withNext, expected) => {
    const t0 = Math.floor(Date.now() / 1000) - 50_000;
    const sent: string[] = [];
    const http = {
      async send(request: { url: string }) {
        sent.push(request.url);
        const n = sent.length - 1;
        const body: Record<string, unknown> = {
          ticket_events: [{ id: n + 1, ticket_id: 1, timestamp: t0 + n, child_events: [{ id: 100 + n, event_type: "Comment", created_at: new Date((t0 + n) * 1000).toISOString(), via: "Web form" }] }],
          next_page: withNext ? `https://acme.zendesk.com/api/v2/incremental/ticket_events.json?include=comment_events&per_page=100&start_time=${t0 + n + 1}` : null,
          count: 1,
          end_time: t0 + n + 1,
        };
        if (flags[n] !== undefined) body.end_of_stream = flags[n];
        return { status: 200, headers: {}, text: JSON.stringify(body), request, json: () => body } as never;
      },
      getJson: async () => ({}) as never,
    };
    const ctx = {
      // With a state, ticket_comments reads the export only (a first sync also reads the audits feed).
      config: { page_size: 100 }, mode: "incremental" as const, state: { created_at: String(t0) }, http, baseUrl: "https://acme.zendesk.com",
      logger: silentLogger, clock: systemClock, signal: new AbortController().signal, progress: { page: () => undefined },
    };
    const records = [];
    for await (const page of ticketComments.read(ctx)) records.push(...page.records);
    expect(sent).toHaveLength(expected);
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: expected }, (_, i) => 100 + i));
    // A non-object via becomes null; the parent's ticket_id and timestamp are copied.
    expect(records[0]).toMatchObject({ via: null, ticket_id: 1, timestamp: t0, via_reference_id: null });
  });

  it("a 504 on the export (page_size unset) sends the same page again at half the size; nothing lost", async () => {
    sim = await simulator({ faults: { script: [{ kind: "504", path: "/incremental/ticket_events" }] } });
    const result = await readStream(ticketComments, sim, { clock: fastClock });
    expect(ids(result.records)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_comments")));
    const log = sim.requests().filter((r) => r.path.includes("/incremental/ticket_events"));
    expect(log.map((r) => r.status).slice(0, 2)).toEqual([504, 200]);
    expect(log[0].path).toContain("per_page=1000");
    expect(log[1].path).toBe(log[0].path.replace("per_page=1000", "per_page=500"));
  });

  it("504s mid-walk: ticket_comments retries the same page after 20 s, then 40 s (factor 10) and loses no record", async () => {
    const path = "/incremental/ticket_events";
    // Pages 1–3 answer, then page 4 times out twice before it answers.
    sim = await simulator({ faults: { script: [{ kind: "none", path, times: 3 }, { kind: "504", path, times: 2 }] } });
    const result = await readStream(ticketComments, sim, { clock: fastClock, config: { page_size: 100 } });
    const log = sim.requests().filter((r) => r.path.startsWith(`/api/v2${path}`));
    expect(log.map((r) => r.status).slice(0, 6)).toEqual([200, 200, 200, 504, 504, 200]);
    // The retried request is the very page that failed, not the next one.
    expect(log[4].path).toBe(log[3].path);
    expect(log[5].path).toBe(log[3].path);
    // Airbyte's ExponentialBackoffStrategy(factor=10): 10 × 2^1 s, then 10 × 2^2 s (fastClock waits 1/100 of it).
    const waits = result.warnings.flatMap((w) => /HTTP 504 .*retrying in (\d+) s \(attempt (\d) of 6\)/.exec(w)?.slice(1) ?? []);
    expect(waits).toEqual(["20", "2", "40", "3"]);
    // Nothing lost, nothing doubled: the records equal the ground truth.
    const truth = ticketChildGroundTruth(sim.sim, "ticket_comments");
    expect(ids(result.records)).toEqual(ids(truth));
    expect(new Set(result.records.map((r) => r.id)).size).toBe(result.records.length);
    expect(result.checkpoints.at(-1)).toEqual({ created_at: String(Math.max(...truth.map((c) => Date.parse(c.created_at as string) / 1000))) });
  });

  it("ticket_events read alone keeps the client's normal backoff on a 504", async () => {
    sim = await simulator({ faults: { script: [{ kind: "504", path: "/incremental/ticket_events" }] } });
    const result = await readStream(ticketEvents, sim, { clock: fastClock });
    expect(ids(result.records)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_events")));
    const retry = result.warnings.find((w) => w.includes("HTTP 504"));
    expect(retry).toMatch(/retrying in [01]\.\d\d s \(attempt 2 of 8\)/);
  });
});

describe("ticket_audits", () => {
  it("walks the newest-first feed with before_url, limit=200, and writes {created_at: ISO} at the end", async () => {
    sim = await simulator({ tickets: 400 });
    const result = await readStream(ticketAudits, sim);
    const paths = sim.requests().map((r) => r.path);
    expect(paths[0]).toMatch(/^\/api\/v2\/ticket_audits\.json\?sort_by=created_at&sort_order=desc&limit=200$/);
    expect(paths.length).toBeGreaterThan(2);
    expect(paths.slice(1).every((p) => p.includes("cursor="))).toBe(true);
    expect(result.checkpoints).toHaveLength(1);
    const newest = ticketChildGroundTruth(sim.sim, "ticket_audits").map((a) => a.created_at as string).sort().at(-1);
    expect(result.checkpoints[0]).toEqual({ created_at: newest });
  });

  it("data feed: stops at the first audit older than state, with no second request", async () => {
    sim = await simulator({ tickets: 400 });
    const state = { created_at: ticketChildGroundTruth(sim.sim, "ticket_audits").map((a) => a.created_at as string).sort().at(-5)! };
    const result = await readStream(ticketAudits, sim, { state });
    expect(result.requests).toBe(1);
    expect(result.records.length).toBeGreaterThanOrEqual(5);
    expect(result.records.every((a) => (a.created_at as string) >= state.created_at)).toBe(true);
  });

  it("picks up the audit of a ticket update in one request", async () => {
    sim = await simulator();
    const first = await readStream(ticketAudits, sim);
    const [t] = sim.groundTruth("tickets") as { id: number }[];
    sim.advanceClock(2000);
    sim.account.updateTicket(t.id, { priority: "urgent" });
    const second = await readStream(ticketAudits, sim, { state: first.checkpoints.at(-1) });
    const fresh = second.records.filter((r) => r.ticket_id === t.id && (r.created_at as string) > (first.checkpoints[0].created_at as string));
    expect(fresh).toHaveLength(1);
    expect(second.requests).toBe(1);
  });

  it("a 504 fails the stream without a retry; a 403 fails too", async () => {
    sim = await simulator({ faults: { script: [{ kind: "504", path: "/ticket_audits" }] } });
    await expect(readStream(ticketAudits, sim)).rejects.toThrow(HttpFailure);
    expect(sim.requests()).toHaveLength(1);
  });
});

describe("ticket_metrics", () => {
  it("first sync: the tickets export with metric sets (not the /ticket_metrics list), no request per ticket; per-partition state", async () => {
    sim = await simulator();
    const result = await readStream(ticketMetrics, sim);
    const paths = sim.requests().map((r) => r.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => /^\/api\/v2\/incremental\/tickets\/cursor\.json\?.*include=metric_sets/.test(p)), paths.join("\n")).toBe(true);
    expect(result.records.map((m) => m.ticket_id).sort()).toEqual(ticketChildGroundTruth(sim.sim, "ticket_metrics").map((m) => m.ticket_id).sort());
    const newest = Math.max(...(sim.groundTruth("tickets") as { generated_timestamp: number }[]).map((t) => t.generated_timestamp));
    expect(result.checkpoints.at(-1)).toMatchObject({ use_global_cursor: false, parent_state: { tickets: { generated_timestamp: String(newest) } } });
  });

  it("with state: one tickets export walk with include=metric_sets, no request per ticket; per-partition state", async () => {
    sim = await simulator();
    const first = await readStream(ticketMetrics, sim);
    const alive = sim.groundTruth("tickets") as { id: number }[];
    sim.account.updateTicket(alive[0].id, { status: "solved" });
    sim.account.updateTicket(alive[1].id, { priority: "high" });
    sim.advanceClock(2 * MINUTE);
    const before = sim.requests().length;
    const second = await readStream(ticketMetrics, sim, { state: first.checkpoints.at(-1) });
    const paths = sim.requests().slice(before).map((r) => r.path);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/^\/api\/v2\/incremental\/tickets\/cursor\.json\?.*include=metric_sets/);
    // Changed tickets, plus those the export starts at (inclusive): generated_timestamp at or after
    // the parent cursor the first sync left.
    const parentCursor = Number((first.checkpoints.at(-1) as any).parent_state.tickets.generated_timestamp);
    const fromState = (sim.groundTruth("tickets") as { id: number; generated_timestamp: number }[]).filter(
      (t) => t.generated_timestamp >= parentCursor && t.id !== alive[0].id && t.id !== alive[1].id,
    );
    expect(second.records).toHaveLength(2 + fromState.length);
    expect(second.records.map((r) => r.ticket_id)).toEqual(expect.arrayContaining([alive[0].id, alive[1].id]));
    const truth = dedupe(ticketChildGroundTruth(sim.sim, "ticket_metrics"));
    for (const r of second.records) {
      const { _ab_updated_at, generated_timestamp, ...metric } = r;
      expect(metric).toEqual(truth.get(r.id));
      expect(_ab_updated_at).toBe(generated_timestamp);
    }
    const state = second.checkpoints.at(-1)!;
    expect(state).toMatchObject({ use_global_cursor: false, lookback_window: 0, parent_state: { tickets: { generated_timestamp: expect.any(String) } } });
    expect((state.states as any[]).map((s) => s.partition.ticket_id)).toEqual(expect.arrayContaining([alive[0].id, alive[1].id]));
  });

  it("falls back to tickets/{id}/metrics when a page lacks metric_sets; a refused ticket is skipped and the parent still advances", async () => {
    const sent: string[] = [];
    const t0 = Math.floor(Date.now() / 1000) - 10_000;
    const http = {
      async send(request: { url: string }) {
        sent.push(request.url);
        const url = new URL(request.url);
        if (url.pathname.endsWith("/tickets/2/metrics.json")) throw new SkipError("partition", "HTTP 404 for /api/v2/tickets/2/metrics.json", 404);
        const body = url.pathname.includes("incremental/tickets")
          ? { tickets: [{ id: 1, generated_timestamp: t0 + 100 }, { id: 2, generated_timestamp: t0 + 200 }], after_url: null, end_of_stream: true }
          : { ticket_metric: { id: 91, ticket_id: 1, updated_at: "2023-11-14T22:15:00Z" } };
        return { status: 200, headers: {}, text: JSON.stringify(body), request, json: () => body } as never;
      },
      getJson: async () => ({}) as never,
    };
    const ctx = {
      config: { num_workers: 2 }, mode: "incremental" as const, state: ticketMetrics.migrateState!({ _ab_updated_at: String(t0) }), http,
      baseUrl: "https://acme.zendesk.com", logger: silentLogger, clock: systemClock, signal: new AbortController().signal, progress: { page: () => undefined },
    };
    const pages = [];
    for await (const page of ticketMetrics.read(ctx)) pages.push(page);
    expect(sent.filter((u) => u.includes("/metrics.json"))).toHaveLength(2);
    expect(pages.flatMap((p) => p.records)).toEqual([{ id: 91, ticket_id: 1, updated_at: "2023-11-14T22:15:00Z", _ab_updated_at: t0 + 100, generated_timestamp: t0 + 100 }]);
    expect(pages.at(-1)!.checkpoint).toMatchObject({ parent_state: { tickets: { generated_timestamp: String(t0 + 200) } } });
  });

  it("migrates a plain {_ab_updated_at} state to per-partition state starting the tickets parent there", () => {
    expect(ticketMetrics.migrateState!({ _ab_updated_at: "1716925442" })).toEqual({
      use_global_cursor: false,
      lookback_window: 0,
      state: { _ab_updated_at: "1716925442" },
      states: [],
      parent_state: { tickets: { generated_timestamp: "1716925442" } },
    });
    const perPartition = { use_global_cursor: false, lookback_window: 0, states: [], parent_state: { tickets: { generated_timestamp: "1" } } };
    expect(ticketMetrics.migrateState!(perPartition)).toBe(perPartition);
    expect(ticketMetrics.migrateState!({ updated_at: "2024-05-28T19:44:02Z" })).toMatchObject({ parent_state: { tickets: { generated_timestamp: "1716925442" } } });
  });

  it("per-ticket 403 and 404 skip that ticket, keyed on the status only", () => {
    const rule = skipPartitionOn([403, 404], "ticket metrics unavailable");
    const response = (status: number) => ({ status, headers: {}, text: "", request: { method: "GET" as const, url: "https://x/api/v2/tickets/9/metrics.json", headers: {} }, json: <T,>() => ({}) as T });
    expect(rule(response(404))).toMatchObject({ action: "skip", scope: "partition" });
    expect(rule(response(403))).toMatchObject({ action: "skip", scope: "partition" });
    expect(rule(response(500))).toBeUndefined();
  });
});

describe("side_conversations", () => {
  it("an empty text/html 403 (and 404/422) skips only that ticket; the parent cursor still advances", async () => {
    sim = await simulator();
    const result = await readStream(sideConversations, sim);
    const refused = sim.requests().filter((r) => r.path.includes("/side_conversations") && r.status !== 200);
    expect(refused.map((r) => r.status)).toEqual(expect.arrayContaining([403, 404, 422]));
    expect(sim.requests().some((r) => r.path.startsWith("/api/v2/tickets/4/side_conversations") && r.status === 403)).toBe(true);
    expect(result.records.some((r) => r.ticket_id === 4)).toBe(false);
    const last = result.checkpoints.at(-1)!;
    const tickets = await readStream((await import("./tickets.js")).tickets, sim);
    expect(last.parent_state).toEqual({ tickets: tickets.checkpoints.at(-1) });
  });

  it("incremental: a new side conversation is read from only the changed ticket", async () => {
    sim = await simulator();
    const first = await readStream(sideConversations, sim);
    const ticketId = (sim.groundTruth("tickets") as { id: number }[]).find((t) => t.id % 13 !== 4 && t.id % 17 !== 6 && t.id % 19 !== 9)!.id;
    const added = addSideConversation(sim.account, ticketId);
    sim.advanceClock(2 * MINUTE);
    const before = sim.requests().length;
    const second = await readStream(sideConversations, sim, { state: first.checkpoints.at(-1) });
    expect(second.records.map((r) => r.id)).toContain(added.id);
    expect(second.records.filter((r) => r.ticket_id === ticketId).map((r) => r.id)).toEqual([added.id]);
    // One tickets export request, then only the changed ticket (and any at the state's own second).
    const perTicket = sim.requests().slice(before).filter((r) => r.path.includes("/side_conversations"));
    expect(perTicket.map((r) => r.path)).toContain(`/api/v2/tickets/${ticketId}/side_conversations.json?per_page=100`);
    const parentAt = (first.checkpoints.at(-1)!.parent_state as any).tickets.generated_timestamp;
    const atState = (sim.groundTruth("tickets") as { id: number; generated_timestamp: number }[]).filter((t) => String(t.generated_timestamp) === parentAt && t.id !== ticketId);
    expect(perTicket.length).toBe(1 + atState.length);
    expect(second.requests).toBe(1 + perTicket.length);
    expect(second.checkpoints.at(-1)!.states).toEqual(
      expect.arrayContaining([{ partition: { ticket_id: ticketId, parent_slice: {} }, cursor: { updated_at: expect.stringMatching(/Z$/) } }]),
    );
  });
});

describe("deleted_tickets and deletion markers", () => {
  it("a deleted ticket shows up in deleted_tickets; ticket_metric_events carry deleted:true markers", async () => {
    sim = await simulator();
    const [t] = sim.groundTruth("tickets") as { id: number }[];
    sim.account.deleteTicket(t.id);
    const result = await readStream(deletedTickets, sim);
    expect(result.records.find((r) => r.id === t.id)).toMatchObject({ id: t.id, previous_state: expect.any(String), actor: { id: expect.any(Number) } });
    const events = await readStream(ticketMetricEvents, sim);
    expect(events.records.some((e) => e.deleted === true)).toBe(true);
  });

  it("403 (no view_deleted_tickets) skips the stream with a WARN naming the permission", async () => {
    sim = await simulator();
    supportAccess(sim.sim).denied.add("view_deleted_tickets");
    const error = await readStream(deletedTickets, sim).catch((e) => e);
    expect(error).toBeInstanceOf(SkipError);
    expect(error.scope).toBe("stream");
    expect(error.message).toContain("view_deleted_tickets");
  });
});

describe("other export streams", () => {
  it("satisfaction_ratings: start_time + sort=created_at; a changed rating is picked up incrementally", async () => {
    sim = await simulator();
    const first = await readStream(satisfactionRatings, sim);
    expect(sim.requests()[0].path).toMatch(/sort=created_at.*start_time=\d+|start_time=\d+.*sort=created_at/);
    expect(first.checkpoints).toHaveLength(1);
    const rated = first.records[0];
    sim.advanceClock(5000);
    sim.account.updateTicket(rated.ticket_id as number, { satisfaction_rating: { score: "bad", id: rated.id as number, comment: "slow", reason: "Other", reason_id: 2 } });
    const second = await readStream(satisfactionRatings, sim, { state: first.checkpoints[0] });
    expect(second.records.find((r) => r.id === rated.id)).toMatchObject({ score: "bad", comment: "slow" });
    expect(second.records.length).toBeLessThan(first.records.length);
  });

  it("user_identities: an email change on a user brings its identity back", async () => {
    sim = await simulator();
    const first = await readStream(userIdentities, sim);
    const newest = Math.max(...sim.groundTruth("user_identities").map((i) => Date.parse(i.updated_at as string) / 1000));
    expect(first.checkpoints.at(-1)).toEqual({ updated_at: String(newest) });
    const user = (sim.groundTruth("users") as { id: number; role: string }[]).find((u) => u.role === "end-user")!;
    sim.account.updateUser(user.id, { email: "new-address@example.com" });
    sim.advanceClock(2 * MINUTE);
    const second = await readStream(userIdentities, sim, { state: first.checkpoints.at(-1) });
    expect(second.records.find((i) => i.user_id === user.id && i.primary === true)).toMatchObject({ value: "new-address@example.com" });
    expect(sim.requests().at(-1)!.path).toContain("include=identities");
  });

  it("audit_logs: filter[created_at][] twice on the first page only, sort=created_at; 403 below Enterprise skips", async () => {
    sim = await simulator({ tickets: 600 });
    const result = await readStream(auditLogs, sim);
    const paths = sim.requests().map((r) => decodeURIComponent(r.path));
    expect(paths[0].match(/filter\[created_at\]\[\]=/g)).toHaveLength(2);
    expect(paths[0]).toContain("sort=created_at");
    expect(result.checkpoints.at(-1)).toEqual({ created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    await sim.close();
    sim = await simulator({ plan: "professional" });
    await expect(readStream(auditLogs, sim)).rejects.toBeInstanceOf(SkipError);
  });

  it("tickets_search re-reads ticket_search_lookback_days before the saved state", async () => {
    sim = await simulator();
    const saved = Math.floor(Date.now() / 1000) - 86_400;
    await readStream(ticketsSearch, sim, { state: { updated_at: String(saved) }, config: { ticket_search_lookback_days: 3 } });
    const query = new URL(`http://x${sim.requests()[0].path}`).searchParams.get("query")!;
    expect(query.startsWith(`updated_at>=${new Date((saved - 3 * 86_400) * 1000).toISOString().replace(".000Z", "Z")} `)).toBe(true);
  });

  it("tickets_search is opt-in and reads 30-day slices of updated_at", async () => {
    expect(ticketsSearch.spec.optIn).toBe(true);
    expect(searchSlices(0, 90 * 86_400)).toEqual([[0, 2_591_999], [2_592_000, 5_183_999], [5_184_000, 7_775_999], [7_776_000, 7_776_000]]);
    sim = await simulator();
    await readStream(ticketsSearch, sim, { config: { start_date: new Date(Date.now() - 100 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z") } });
    const queries = sim.requests().map((r) => new URL(`http://x${r.path}`).searchParams.get("query"));
    expect(queries.length).toBeGreaterThanOrEqual(4);
    expect(queries[0]).toMatch(/^updated_at>=\S+Z updated_at<=\S+Z$/);
  });
});

describe("abnormal state (year 2222) reads no records", () => {
  const abnormal = new Map<string, Record<string, unknown>>(
    readReference("airbyte-zendesk/integration/abnormal_state.json").map((m: any) => [m.stream.stream_descriptor.name, m.stream.stream_state]),
  );
  it.each([ticketComments, ticketMetrics, ticketMetricEvents, ticketAudits, auditLogs, satisfactionRatings, ticketSkips].map((s) => [s.spec.name, s] as const))(
    "%s",
    async (name, stream) => {
      sim = await simulator();
      const result = await readStream(stream, sim, { state: abnormal.get(name) as never });
      expect(result.records).toEqual([]);
      expect(result.requests).toBeLessThanOrEqual(1);
    },
  );
});

describe("shared passes through the kernel runner", () => {
  async function run(names: string[], streams: Stream[], clock: Clock = systemClock, extra: Record<string, unknown> = {}) {
    const config = { ...configFor(sim!), ...extra };
    const warnings: string[] = [];
    const logger = createLogger((level, line) => void (level === "warn" && warnings.push(line)), "debug");
    const connection = await zendeskSource.connect(config, { clock, logger, persistConfig: async () => undefined });
    const destination = new RecordingDestination();
    const states = new MemoryStateStore();
    const before = sim!.requests().length;
    try {
      const outcomes = await runStreams({
        streams: new Map(streams.map((s) => [s.spec.name, s])),
        groups: ticketChildGroups,
        catalog: defaultConfiguredCatalog(streams.filter((s) => names.includes(s.spec.name))),
        states: {},
        destination,
        stateStore: states,
        sink: new CapturingSink(),
        connection,
        config,
        clock,
        logger: silentLogger,
        concurrency: 3,
      });
      // Rate-limit refusals (429) are waits, not reads: count only the answered requests.
      const answered = sim!.requests().slice(before).filter((r) => r.status !== 429).length;
      return { outcomes, destination, states: await states.load(), requests: answered, warnings };
    } finally {
      await connection.close();
    }
  }

  it("ticket_events + ticket_comments selected together cost the requests of one walk", async () => {
    sim = await simulator();
    const all = [ticketEvents, ticketComments];
    const alone = await run(["ticket_comments"], all);
    const both = await run(["ticket_events", "ticket_comments"], all);
    const eventsOnly = await run(["ticket_events"], all);
    expect(both.requests).toBe(eventsOnly.requests);
    expect(both.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(ids(both.destination.records.ticket_events)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_events")));
    expect(ids(both.destination.records.ticket_comments)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_comments")));
    expect(Object.keys(both.states).sort()).toEqual(["ticket_comments", "ticket_events"]);
    // The same records as each stream read alone (comments reduced to stubs in ticket_events).
    const eventsAlone = await run(["ticket_events"], all);
    expect(both.destination.records.ticket_events).toEqual(eventsAlone.destination.records.ticket_events);
    // ticket_comments alone (first sync: export + audits feed) gives the same records, in another order.
    expect(sortById(both.destination.records.ticket_comments)).toEqual(sortById(alone.destination.records.ticket_comments));
  });

  it("a 504 in the shared ticket_events + ticket_comments walk is retried with ticket_comments' factor 10; neither stream loses a record", async () => {
    const path = "/incremental/ticket_events";
    sim = await simulator({ faults: { script: [{ kind: "none", path, times: 2 }, { kind: "504", path }] } });
    const all = [ticketEvents, ticketComments];
    const both = await run(["ticket_events", "ticket_comments"], all, fastClock, { page_size: 100 });
    expect(both.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(sim.requests().filter((r) => r.status === 504)).toHaveLength(1);
    expect(both.warnings.filter((w) => w.includes("HTTP 504")).map((w) => /retrying in (\S+ s)/.exec(w)?.[1])).toEqual(["20 s"]);
    expect(ids(both.destination.records.ticket_events)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_events")));
    expect(ids(both.destination.records.ticket_comments)).toEqual(ids(ticketChildGroundTruth(sim.sim, "ticket_comments")));
  });

  it("users + user_identities selected together cost the requests of one walk", async () => {
    sim = await simulator();
    const all = [users, userIdentities];
    const alone = await run(["users"], all);
    const both = await run(["users", "user_identities"], all);
    expect(both.requests).toBe(alone.requests);
    expect(ids(both.destination.records.users)).toEqual(ids(nonEmpty(sim.groundTruth("users"))));
    expect(ids(both.destination.records.user_identities)).toEqual(ids(nonEmpty(sim.groundTruth("user_identities"))));
    expect(both.states.users).toEqual(alone.states.users);
  });
});
