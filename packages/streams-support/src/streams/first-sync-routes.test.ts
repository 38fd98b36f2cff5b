/**
 * First-sync routes (issue #13): which endpoint each stream reads in a run, and the proofs that a
 * route yields the same records as the export and leaves a state the next incremental run can
 * start from — against the simulator, after deletions and mutations.
 */
import { zendeskSource } from "@calabi/auth-zendesk";
import {
  type Clock,
  defaultConfiguredCatalog,
  HttpFailure,
  type HttpRequest,
  type HttpResponse,
  type InFlightLimit,
  MemoryStateStore,
  runStreams,
  silentLogger,
  type Stream,
  type StreamRecord,
  type StreamState,
  systemClock,
} from "@calabi/kernel";
import { FakeClock } from "@calabi/kernel/testing";
import { type RunningSimulator, supportAccess, ticketChildGroundTruth } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { configFor, readStream, simulator } from "../../test/harness.js";
import { CapturingSink, RecordingDestination } from "../../test/recording.js";
import { adaptivePages, PageSize } from "../common/adaptive-page.js";
import { readPassAlone } from "../common/shared-pass.js";
import { ARCHIVE_SAFE_DAYS, archiveSafeSince, firstSyncRoute } from "../routes.js";
import { ticketAudits, ticketChildGroups, ticketComments, ticketEvents, ticketMetrics } from "./ticket_children.js";
import { ticketCommentsMember, ticketEventsPass } from "./ticket_event_pass.js";
import { organizations } from "./organizations.js";
import { users } from "./users.js";
import { tickets } from "./tickets.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});


const byId = (records: StreamRecord[] = []) => [...records].sort((a, b) => Number(a.id) - Number(b.id));
/** ticket_comments as `main` read it on a first sync: the events export alone. */
const commentsFromExport: Stream = { ...ticketComments, read: (ctx) => readPassAlone(ticketEventsPass, ticketCommentsMember, ctx) };

/** Deletions and mutations before the first sync, so the routes are compared on a changed account. */
function mutate(s: RunningSimulator) {
  const open = s.groundTruth("tickets").filter((t) => t.status !== "closed" && t.status !== "deleted");
  s.account.updateTicket(open[0].id as number, { status: "solved" });
  s.account.updateTicket(open[1].id as number, { priority: "urgent" });
  s.account.deleteTicket(open[2].id as number);
  s.account.createTicket({ subject: "Created before the first sync" });
  const user = s.groundTruth("users").find((u) => u.role === "end-user")!;
  s.account.deleteUser(user.id as number);
  const org = s.groundTruth("organizations")[0];
  s.account.deleteOrganization(org.id as number);
  s.advanceClock(2 * 60_000);
  return { deletedUser: user.id as number, deletedOrg: org.id as number };
}

async function run(s: RunningSimulator, names: string[], streams: Stream[], states: Record<string, StreamState> = {}, onPage?: () => void) {
  const config = configFor(s);
  const connection = await zendeskSource.connect(config, { clock: systemClock, logger: silentLogger, persistConfig: async () => undefined });
  const destination = new RecordingDestination();
  const stateStore = new MemoryStateStore();
  const before = s.requests().length;
  try {
    const outcomes = await runStreams({
      streams: new Map(streams.map((x) => [x.spec.name, x])),
      groups: ticketChildGroups,
      catalog: defaultConfiguredCatalog(streams.filter((x) => names.includes(x.spec.name))),
      states,
      destination,
      stateStore,
      sink: new CapturingSink(),
      connection,
      config,
      clock: systemClock,
      logger: silentLogger,
      concurrency: 3,
      onProgress: (e) => void (e.type === "page" && onPage?.()),
    });
    return { outcomes, records: destination.records, states: await stateStore.load(), requests: s.requests().slice(before) };
  } finally {
    await connection.close();
  }
}

describe("route choice (pure)", () => {
  const now = Date.parse("2026-12-06T12:00:00Z");
  const ctx = (state: StreamState | undefined, selected: string[]) => ({ config: {}, mode: "incremental" as const, state, selected: new Set(selected), now });

  it("ticket_comments: a first sync without ticket_events splits at now − 100 days: export before, audits feed after", () => {
    const route = firstSyncRoute("ticket_comments", ctx(undefined, ["tickets", "ticket_comments", "ticket_audits"]))!;
    const split = archiveSafeSince(now);
    expect(split).toBe(now / 1000 - ARCHIVE_SAFE_DAYS * 86_400);
    expect(route.reads).toEqual([
      { endpoint: "/api/v2/incremental/ticket_events", rateClass: "incremental-exports", until: split },
      { endpoint: "/api/v2/ticket_audits", rateClass: "account", from: split },
    ]);
  });

  it("ticket_comments: with state, or with ticket_events selected, the export alone", () => {
    for (const c of [ctx({ created_at: "1700000000" }, ["ticket_comments"]), ctx(undefined, ["ticket_events", "ticket_comments"])]) {
      expect(firstSyncRoute("ticket_comments", c)!.reads).toEqual([{ endpoint: "/api/v2/incremental/ticket_events", rateClass: "incremental-exports" }]);
    }
  });

  it("ticket_metrics: always the tickets export (the tickets stream's walk when both are selected); users and organizations: always their exports; single-path streams: undefined", () => {
    for (const state of [undefined, { _ab_updated_at: "1" }]) {
      expect(firstSyncRoute("ticket_metrics", ctx(state, []))!.reads).toEqual([{ endpoint: "/api/v2/incremental/tickets/cursor", rateClass: "incremental-exports" }]);
    }
    expect(firstSyncRoute("ticket_metrics", ctx(undefined, ["tickets", "ticket_metrics"]))!.why).toMatch(/tickets stream's own walk when both are selected/);
    expect(firstSyncRoute("users", ctx(undefined, []))!.reads[0].endpoint).toBe("/api/v2/incremental/users/cursor");
    expect(firstSyncRoute("organizations", ctx(undefined, []))!.reads[0].endpoint).toBe("/api/v2/incremental/organizations");
    expect(firstSyncRoute("groups", ctx(undefined, []))).toBeUndefined();
  });

  it("streams name the rate class they wait on (the runner's scheduling input)", () => {
    const r = { config: {}, mode: "incremental" as const, state: undefined, selected: new Set<string>() };
    expect([tickets, users, organizations, ticketAudits, ticketComments, ticketEvents].map((s) => s.rateClass?.(r))).toEqual([
      "incremental-exports", "incremental-exports", "incremental-exports", "account", "incremental-exports", "incremental-exports",
    ]);
  });

  it("the ticket_audits + ticket_comments group serves only a first sync of ticket_comments without ticket_events", () => {
    const group = ticketChildGroups.find((g) => g.name === "ticket_audits+ticket_comments")!;
    const members = (comments: StreamState | undefined) => ({ ticket_audits: { mode: "incremental" as const, state: undefined }, ticket_comments: { mode: "incremental" as const, state: comments } });
    expect(group.accepts!({ config: {}, members: members(undefined), selected: new Set(["ticket_audits", "ticket_comments"]) })).toBe(true);
    expect(group.accepts!({ config: {}, members: members({ created_at: "1" }), selected: new Set(["ticket_audits", "ticket_comments"]) })).toBe(false);
    expect(group.accepts!({ config: {}, members: members(undefined), selected: new Set(["ticket_audits", "ticket_comments", "ticket_events"]) })).toBe(false);
  });
});

describe("first-sync routes yield the records of the export (simulator, after deletions and mutations)", () => {
  it("ticket_comments: export + audits feed = the export alone, field for field; the audits feed carries the recent part", async () => {
    sim = await simulator();
    mutate(sim);
    const routed = await readStream(ticketComments, sim);
    const audits = sim.requests().filter((r) => r.path.startsWith("/api/v2/ticket_audits"));
    const exported = await readStream(commentsFromExport, sim);
    expect(byId(routed.records)).toEqual(byId(exported.records));
    expect(new Set(routed.records.map((r) => r.id)).size).toBe(routed.records.length);
    // Both parts did work: comments after the split came from the audits feed.
    const split = archiveSafeSince(Date.now());
    expect(audits.length).toBeGreaterThan(0);
    expect(routed.records.filter((r) => Number(r.timestamp) >= split).length).toBeGreaterThan(0);
    expect(routed.records.filter((r) => Number(r.timestamp) < split).length).toBeGreaterThan(0);
    expect(byId(routed.records).map((r) => r.id)).toEqual(byId(ticketChildGroundTruth(sim.sim, "ticket_comments")).map((r) => r.id));
  });

  it("with ticket archiving on, the split still equals the export: archived tickets' comments, which the audits feed leaves out, come from the export", async () => {
    sim = await simulator();
    mutate(sim);
    supportAccess(sim.sim).archiveAfterDays = 120;
    const routed = await readStream(ticketComments, sim);
    const exported = await readStream(commentsFromExport, sim);
    expect(byId(routed.records)).toEqual(byId(exported.records));
    // The feed really leaves comments out: reading every comment from it would have lost these.
    const feed = await readStream(ticketAudits, sim);
    const inFeed = new Set(feed.records.map((a) => a.ticket_id));
    const archivedComments = exported.records.filter((c) => !inFeed.has(c.ticket_id));
    expect(archivedComments.length, "comments of archived tickets").toBeGreaterThan(0);
    expect(archivedComments.every((c) => Number(c.timestamp) < archiveSafeSince(Date.now()))).toBe(true);
  });

  it("ticket_metrics: a first sync with ticket archiving on still has every ticket's metrics (/ticket_metrics leaves archived tickets out)", async () => {
    sim = await simulator();
    mutate(sim);
    supportAccess(sim.sim).archiveAfterDays = 120;
    const first = await readStream(ticketMetrics, sim);
    const truth = ticketChildGroundTruth(sim.sim, "ticket_metrics");
    expect(first.records.map((m) => m.ticket_id).sort()).toEqual(truth.map((m) => m.ticket_id).sort());
  });

  it("ticket_audits read in the shared first-sync walk = ticket_audits read alone; one audits walk serves both streams", async () => {
    sim = await simulator();
    mutate(sim);
    const both = await run(sim, ["ticket_audits", "ticket_comments"], [ticketAudits, ticketComments]);
    const alone = await run(sim, ["ticket_audits"], [ticketAudits]);
    expect(both.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(byId(both.records.ticket_audits)).toEqual(byId(alone.records.ticket_audits));
    expect(both.states.ticket_audits).toEqual(alone.states.ticket_audits);
    const auditPages = both.requests.filter((r) => r.path.startsWith("/api/v2/ticket_audits"));
    expect(auditPages.length).toBeGreaterThan(0);
    expect(auditPages[0].path).toContain("limit=1000");
    const comments = await readStream(commentsFromExport, sim);
    expect(byId(both.records.ticket_comments)).toEqual(byId(comments.records));
  });

  it("users and organizations keep their exports: the cursor lists leave out deleted records (so they are not the same records)", async () => {
    sim = await simulator();
    const { deletedUser, deletedOrg } = mutate(sim);
    const auth = { authorization: "Basic " + Buffer.from("tests@example.com/token:test-token-123").toString("base64") };
    const list = async (path: string, key: string) => {
      const out: StreamRecord[] = [];
      for (let url: string | null = `${sim!.url}/api/v2/${path}?page%5Bsize%5D=100`; url; ) {
        const body = (await (await fetch(url, { headers: auth })).json()) as any;
        out.push(...body[key]);
        url = body.meta?.has_more ? body.links.next : null;
      }
      return out;
    };
    const exportedUsers = (await readStream(users, sim)).records;
    const exportedOrgs = (await readStream(organizations, sim)).records;
    const listedUsers = await list("users", "users");
    const listedOrgs = await list("organizations", "organizations");
    expect(exportedUsers.some((u) => u.id === deletedUser)).toBe(true);
    expect(listedUsers.some((u) => u.id === deletedUser)).toBe(false);
    expect(exportedOrgs.find((o) => o.id === deletedOrg)?.deleted_at).toEqual(expect.any(String));
    expect(listedOrgs.some((o) => o.id === deletedOrg)).toBe(false);
    expect(listedUsers.length).toBeLessThan(exportedUsers.length);
  });
});

describe("tickets + ticket_metrics: one walk of the tickets export", () => {
  const exportPages = (requests: { path: string }[]) => requests.filter((r) => r.path.startsWith("/api/v2/incremental/tickets/cursor"));
  const sortBy = (records: StreamRecord[] = [], key = "id") => [...records].sort((a, b) => Number(a[key]) - Number(b[key]));

  it("a first sync reads the export once for both; records, deletions and states equal each stream read alone", async () => {
    sim = await simulator();
    mutate(sim);
    const both = await run(sim, ["tickets", "ticket_metrics"], [tickets, ticketMetrics]);
    const ticketsAlone = await run(sim, ["tickets"], [tickets]);
    const metricsAlone = await run(sim, ["ticket_metrics"], [ticketMetrics]);
    expect(both.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(exportPages(both.requests).length).toBe(exportPages(ticketsAlone.requests).length);
    expect(both.requests.length).toBe(exportPages(both.requests).length);
    expect(exportPages(both.requests).every((r) => r.path.includes("include=metric_sets"))).toBe(true);
    expect(sortBy(both.records.tickets)).toEqual(sortBy(ticketsAlone.records.tickets));
    expect(both.states.tickets).toEqual(ticketsAlone.states.tickets);
    expect(sortBy(both.records.ticket_metrics)).toEqual(sortBy(metricsAlone.records.ticket_metrics));
    expect(both.records.ticket_metrics.length).toBe(ticketChildGroundTruth(sim.sim, "ticket_metrics").length);
    // The metrics' parent cursor is the tickets stream's: the next run can share the walk again.
    expect((both.states.ticket_metrics as any).parent_state.tickets).toEqual(both.states.tickets);
  });

  it("the next incremental run shares the walk again and reads exactly the changes; streams at different places walk apart", async () => {
    sim = await simulator();
    const first = await run(sim, ["tickets", "ticket_metrics"], [tickets, ticketMetrics]);
    const open = sim.groundTruth("tickets").filter((t) => t.status === "open");
    sim.account.updateTicket(open[0].id as number, { priority: "urgent" });
    sim.account.deleteTicket(open[1].id as number);
    const created = sim.account.createTicket({ subject: "After the first sync" });
    sim.advanceClock(2 * 60_000);
    const second = await run(sim, ["tickets", "ticket_metrics"], [tickets, ticketMetrics], first.states);
    expect(exportPages(second.requests).length).toBe(second.requests.length);
    expect(second.requests.length).toBeLessThanOrEqual(2);
    const changed = [open[0].id, created.id];
    expect(second.records.tickets.map((t) => t.id)).toEqual(expect.arrayContaining(changed));
    expect(second.records.ticket_metrics.map((m) => m.ticket_id)).toEqual(expect.arrayContaining(changed));
    // The deleted ticket arrives as a deletion (a CDC record), and has no metrics.
    expect(second.records.tickets.find((t) => t.id === open[1].id)?._ab_cdc_deleted_at).toEqual(expect.any(String));
    expect(second.records.ticket_metrics.map((m) => m.ticket_id)).not.toContain(open[1].id);
    // Only tickets: ticket_metrics starts its own walk from start_date (no shared place).
    const apart = await run(sim, ["tickets", "ticket_metrics"], [tickets, ticketMetrics], { tickets: second.states.tickets });
    expect(apart.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(apart.records.ticket_metrics.length).toBe(ticketChildGroundTruth(sim.sim, "ticket_metrics").length);
    expect(exportPages(apart.requests).filter((r) => !r.path.includes("include=metric_sets")).length).toBeGreaterThan(0);
  });
});

describe("state continuity: first sync (audits route) → incremental (export)", () => {
  it("a comment written during the first sync, and one after it, are read by the next run; nothing is missed", async () => {
    sim = await simulator();
    const s = sim;
    let mutated = false;
    // After the first page of the first sync, a ticket gets an update (an audit with a comment).
    const first = await run(s, ["ticket_audits", "ticket_comments"], [ticketAudits, ticketComments], {}, () => {
      if (mutated) return;
      mutated = true;
      const t = s.groundTruth("tickets").find((x) => x.status === "open")!;
      s.account.updateTicket(t.id as number, { status: "pending" });
    });
    expect(first.outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    const state = first.states.ticket_comments;
    // The state is at or behind the newest comment written.
    const newest = Math.max(...first.records.ticket_comments.map((c) => Number(c.timestamp)));
    expect(Number(state.created_at)).toBeLessThanOrEqual(newest);
    // After the first sync: another update and a new ticket.
    const t = s.groundTruth("tickets").find((x) => x.status === "new" || x.status === "open")!;
    s.account.updateTicket(t.id as number, { priority: "low" });
    s.account.createTicket({ subject: "After the first sync" });
    s.advanceClock(2 * 60_000);
    const second = await run(s, ["ticket_comments"], [ticketComments], { ticket_comments: state });
    // The incremental run is on the export.
    expect(second.requests.every((r) => r.path.startsWith("/api/v2/incremental/ticket_events"))).toBe(true);
    const seen = new Set([...first.records.ticket_comments, ...second.records.ticket_comments].map((c) => c.id));
    const truth = ticketChildGroundTruth(s.sim, "ticket_comments");
    expect(truth.filter((c) => !seen.has(c.id))).toEqual([]);
    // The three comments written after the first sync's walk began are in the second run.
    const firstIds = new Set(first.records.ticket_comments.map((c) => c.id));
    expect(second.records.ticket_comments.filter((c) => !firstIds.has(c.id)).length).toBeGreaterThanOrEqual(2);
  });
});

describe("adaptive page size", () => {
  const response = (request: HttpRequest): HttpResponse => ({ status: 200, headers: {}, text: "{}", request, json: <T,>() => ({}) as T });

  it("starts at the largest page, halves on a slow page, grows back when pages are fast, never past its bounds", () => {
    const size = new PageSize({ param: "per_page", max: 1000, min: 100, slowMs: 20_000, fastMs: 5_000 });
    expect(size.current).toBe(1000);
    size.observe(30_000);
    expect(size.current).toBe(500);
    size.observe(10_000); // neither slow nor fast: unchanged
    expect(size.current).toBe(500);
    size.observe(25_000);
    size.observe(25_000);
    size.observe(25_000);
    expect(size.current).toBe(100);
    size.observe(1_000);
    expect(size.current).toBe(200);
    for (let i = 0; i < 5; i++) size.observe(1_000);
    expect(size.current).toBe(1000);
  });

  it("a size the user set is fixed", () => {
    const size = new PageSize({ param: "per_page", max: 1000, min: 100, fixed: 250 });
    size.observe(60_000);
    expect(size.halve("504")).toBe(false);
    expect(size.current).toBe(250);
  });

  it("rewrites every URL to the current size; a 504 fails fast and is sent again at half the size; at the minimum the stream's rules decide", async () => {
    const clock = new FakeClock();
    const sent: { url: string; rules: number }[] = [];
    let failures = 2;
    let budgetWaitMs = 0;
    const http = {
      // Like the client: the budget wait first, then the in-flight slot around the exchange.
      async send(request: HttpRequest, options?: { rules?: unknown[]; inFlight?: InFlightLimit }) {
        sent.push({ url: request.url, rules: options?.rules?.length ?? 0 });
        clock.advance(budgetWaitMs);
        const release = await options!.inFlight!.acquire();
        clock.advance(100);
        release();
        if (failures-- > 0) throw new HttpFailure("GET /x: page timed out at this size (HTTP 504)", "transient_error", 504, "/x");
        return response(request);
      },
      getJson: async () => ({}) as never,
    };
    const size = new PageSize({ param: "limit", max: 400, min: 100 });
    const ctx = adaptivePages({ http, clock: clock as Clock, logger: silentLogger }, size);
    await ctx.http.send({ method: "GET", url: "https://z.test/api/v2/ticket_audits.json?limit=200&cursor=abc", headers: {} });
    expect(sent.map((s) => new URL(s.url).searchParams.get("limit"))).toEqual(["400", "200", "100"]);
    expect(sent.every((s) => new URL(s.url).searchParams.get("cursor") === "abc")).toBe(true);
    // Above the minimum the walk adds its fail-fast rule; at the minimum it adds none.
    expect(sent.map((s) => s.rules)).toEqual([1, 1, 0]);
    // A fast page grows the next one — however long it waited for the rate limit before.
    expect(size.current).toBe(200);
    budgetWaitMs = 60_000;
    await ctx.http.send({ method: "GET", url: "https://z.test/api/v2/ticket_audits.json?limit=200&cursor=abc", headers: {} });
    expect(size.current).toBe(400);
    budgetWaitMs = 0;
    // At the minimum a 504 is the stream's to handle: it propagates.
    const floor = new PageSize({ param: "limit", max: 100, min: 100 });
    failures = 1;
    const atMin = adaptivePages({ http, clock: clock as Clock, logger: silentLogger }, floor);
    await expect(atMin.http.send({ method: "GET", url: "https://z.test/x?limit=5", headers: {} })).rejects.toBeInstanceOf(HttpFailure);
  });

  it("on the simulator, a first sync of ticket_comments asks for 1000 per page when page_size is unset and for page_size when set", async () => {
    sim = await simulator();
    await readStream(ticketComments, sim);
    const unset = sim.requests().filter((r) => r.path.includes("/incremental/ticket_events"));
    expect(unset[0].path).toContain("per_page=1000");
    const set = await simulator();
    try {
      await readStream(ticketComments, set, { config: { page_size: 250 } });
      expect(set.requests().filter((r) => r.path.includes("/incremental/ticket_events"))[0].path).toContain("per_page=250");
    } finally {
      await set.close();
    }
  });
});


