import { describe, expect, it } from "vitest";
import { walk, withSim } from "../../__tests__/helpers.js";
import { addSideConversation } from "../../account/side-conversations.js";
import { supportAccess } from "../../account/support-access.js";
import { ticketChildGroundTruth } from "../../truth/ticket-children.js";

describe("incremental ticket_events", () => {
  it("one event per audit; comments are stubs without include=comment_events and full with it", async () => {
    await withSim({ tickets: 120, seed: 5 }, async (sim, get) => {
      const plain = await walk(get, "/api/v2/incremental/ticket_events.json?start_time=0&per_page=100", (b) => b.next_page, (b) => b.end_of_stream);
      const events = plain.flatMap((p) => p.ticket_events);
      const truth = ticketChildGroundTruth(sim.sim, "ticket_events");
      expect(new Set(events.map((e) => e.id))).toEqual(new Set(truth.map((e) => e.id)));
      const stub = events[0].child_events.find((c: any) => c.event_type === "Comment");
      expect(Object.keys(stub).sort()).toEqual(["comment_present", "comment_public", "event_type", "id", "via", "via_reference_id"]);
      expect(Object.keys(plain[0]).sort()).toEqual(["count", "end_of_stream", "end_time", "next_page", "ticket_events"]);
      const full = await get("/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events&per_page=5");
      const comment = full.body.ticket_events[0].child_events.find((c: any) => c.event_type === "Comment");
      expect(comment).toMatchObject({ type: "Comment", public: expect.any(Boolean), body: expect.any(String), audit_id: full.body.ticket_events[0].id });
      expect(full.body.next_page).toContain("include=comment_events");
    });
  });

  it("a ticket update adds an audit (and an event) at the update second", async () => {
    await withSim({ tickets: 50, seed: 5 }, async (sim, get) => {
      const before = ticketChildGroundTruth(sim.sim, "ticket_audits").length;
      const id = sim.account.pickId("tickets");
      if (sim.account.tickets.get(id)!.status === "deleted") return;
      sim.advanceClock(1000);
      sim.account.updateTicket(id, { status: "solved" });
      const audits = ticketChildGroundTruth(sim.sim, "ticket_audits");
      expect(audits.length).toBe(before + 1);
      const added = audits.filter((a) => a.ticket_id === id).at(-1)!;
      expect((added.events as any[]).some((e) => e.type === "Change" && e.field_name === "status" && e.value === "solved")).toBe(true);
      void get;
    });
  });
});

describe("ticket_audits", () => {
  it("legacy feed: newest first, before_url walks back to the oldest, then null", async () => {
    await withSim({ tickets: 80, seed: 2 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/ticket_audits.json?sort_by=created_at&sort_order=desc&limit=50", (b) => b.before_url, (b) => !b.before_url);
      const audits = pages.flatMap((p) => p.audits);
      expect(audits.length).toBe(ticketChildGroundTruth(sim.sim, "ticket_audits").length);
      const times = audits.map((a) => Date.parse(a.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(pages[0].after_url).toBeNull();
      expect(pages[0].before_url).toContain("sort_order=desc");
    });
  });
  it("CBP: ascending with meta/links", async () => {
    await withSim({ tickets: 30, seed: 2 }, async (_sim, get) => {
      const r = await get("/api/v2/ticket_audits.json?page[size]=10");
      expect(r.body.meta.has_more).toBe(true);
      expect(r.body.audits).toHaveLength(10);
    });
  });
});

describe("ticket metrics", () => {
  it("bulk, per ticket, 404 for deleted tickets; metric events with deleted markers", async () => {
    await withSim({ tickets: 200, seed: 4 }, async (sim, get) => {
      const bulk = await walk(get, "/api/v2/ticket_metrics.json?page[size]=100", (b) => (b.meta.has_more ? b.links.next : null), (b) => !b.meta.has_more);
      const newestFirst = ticketChildGroundTruth(sim.sim, "ticket_metrics").sort((a, b) => (b.ticket_id as number) - (a.ticket_id as number));
      expect(bulk.flatMap((p) => p.ticket_metrics)).toEqual(newestFirst);
      const offset = await walk(get, "/api/v2/ticket_metrics.json?per_page=50", (b) => b.next_page, (b) => !b.next_page);
      expect(offset.flatMap((p) => p.ticket_metrics)).toEqual(newestFirst);
      expect(offset[0].count).toBe(newestFirst.length);
      const deleted = [...sim.account.tickets.byId.values()].find((t) => t.status === "deleted")!;
      expect((await get(`/api/v2/tickets/${deleted.id}/metrics.json`)).status).toBe(404);
      const alive = [...sim.account.tickets.byId.values()].find((t) => t.status !== "deleted")!;
      expect((await get(`/api/v2/tickets/${alive.id}/metrics.json`)).body.ticket_metric.ticket_id).toBe(alive.id);
      const events = await walk(get, "/api/v2/incremental/ticket_metric_events.json?start_time=0", (b) => b.next_page, (b) => b.end_of_stream);
      const all = events.flatMap((p) => p.ticket_metric_events);
      expect(all.some((e) => e.deleted === true)).toBe(true);
    });
  });
});

describe("tickets export include=metric_sets", () => {
  it("side-loads the metrics of the page's tickets", async () => {
    await withSim({ tickets: 40, seed: 4 }, async (sim, get) => {
      const r = await get("/api/v2/incremental/tickets/cursor.json?start_time=0&exclude_deleted=true&include=metric_sets&per_page=20");
      expect(r.body.metric_sets.map((m: any) => m.ticket_id)).toEqual(r.body.tickets.map((t: any) => t.id));
      expect(r.body.metric_sets[0]).toEqual(ticketChildGroundTruth(sim.sim, "ticket_metrics").find((m) => m.ticket_id === r.body.tickets[0].id));
      expect(r.body.after_url).toContain("include=metric_sets");
    });
  });
});

describe("ticket archiving (archiveAfterDays)", () => {
  it("/ticket_audits and /ticket_metrics leave out tickets closed for longer; the export and per-ticket endpoints keep them", async () => {
    await withSim({ tickets: 150, seed: 4 }, async (sim, get) => {
      const audits = () => walk(get, "/api/v2/ticket_audits.json?limit=40", (b) => b.before_url, (b) => !b.before_url).then((ps) => ps.flatMap((p) => p.audits));
      const cbpAudits = () => walk(get, "/api/v2/ticket_audits.json?page[size]=30", (b) => (b.meta.has_more ? b.links.next : null), (b) => !b.meta.has_more).then((ps) => ps.flatMap((p) => p.audits));
      const metrics = () => walk(get, "/api/v2/ticket_metrics.json?page[size]=30", (b) => (b.meta.has_more ? b.links.next : null), (b) => !b.meta.has_more).then((ps) => ps.flatMap((p) => p.ticket_metrics));
      const allAudits = await audits();
      const allMetrics = await metrics();
      expect(await cbpAudits()).toHaveLength(allAudits.length);

      supportAccess(sim.sim).archiveAfterDays = 120;
      const cutoff = sim.sim.clock.nowSeconds() - 120 * 86_400;
      const archived = new Set([...sim.account.tickets.byId.values()].filter((t) => t.status === "closed" && Date.parse(t.updated_at as string) / 1000 <= cutoff).map((t) => t.id));
      expect(archived.size, "the account has archived tickets").toBeGreaterThan(10);
      const listed = await audits();
      expect(listed).toEqual(allAudits.filter((a) => !archived.has(a.ticket_id)));
      expect((await cbpAudits()).map((a) => a.id).sort()).toEqual(listed.map((a) => a.id).sort());
      expect(await metrics()).toEqual(allMetrics.filter((m) => !archived.has(m.ticket_id)));
      const offset = await get("/api/v2/ticket_metrics.json?per_page=10");
      expect(offset.body.count).toBe(allMetrics.length - archived.size);

      // Still served: the export with its metric sets, the per-ticket metrics, the ticket events.
      const one = [...archived][0] as number;
      expect((await get(`/api/v2/tickets/${one}/metrics.json`)).body.ticket_metric.ticket_id).toBe(one);
      const exported = await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0&exclude_deleted=true&include=metric_sets", (b) => b.after_url, (b) => b.end_of_stream);
      expect(exported.flatMap((p) => p.metric_sets).filter((m) => archived.has(m.ticket_id))).toHaveLength(archived.size);
      const events = await walk(get, "/api/v2/incremental/ticket_events.json?start_time=0", (b) => b.next_page, (b) => b.end_of_stream);
      expect(events.flatMap((p) => p.ticket_events).filter((e) => archived.has(e.ticket_id)).length).toBe(allAudits.length - listed.length);
    });
  });
});

describe("side conversations", () => {
  it("403 with an empty text/html body, 422, 404 for deleted tickets; additions show up", async () => {
    await withSim({ tickets: 60, seed: 4 }, async (sim, get) => {
      const forbidden = await get("/api/v2/tickets/4/side_conversations.json");
      expect(forbidden.status).toBe(403);
      expect(forbidden.text).toBe("");
      expect(forbidden.headers["content-type"]).toContain("text/html");
      expect((await get("/api/v2/tickets/6/side_conversations.json")).status).toBe(422);
      const ok = await get("/api/v2/tickets/1/side_conversations.json");
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.body)).toEqual(["side_conversations", "next_page", "previous_page", "count"]);
      sim.advanceClock(5000);
      const added = addSideConversation(sim.account, 1);
      const again = await get("/api/v2/tickets/1/side_conversations.json");
      expect(again.body.side_conversations.map((s: any) => s.id)).toContain(added.id);
      expect(added.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    });
  });
});

describe("plan and permission gates", () => {
  it("audit_logs: 403 'You do not have access' below Enterprise; filters by created_at on Enterprise", async () => {
    await withSim({ tickets: 20, plan: "professional" }, async (_sim, get) => {
      const r = await get("/api/v2/audit_logs.json");
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." } });
    });
    await withSim({ tickets: 20 }, async (sim, get) => {
      const all = ticketChildGroundTruth(sim.sim, "audit_logs");
      const mid = all.map((a) => a.created_at as string).sort()[Math.floor(all.length / 2)];
      const r = await get(`/api/v2/audit_logs.json?filter[created_at][]=${mid}&filter[created_at][]=2100-01-01T00:00:00Z&sort=created_at&page[size]=100`);
      expect(r.body.audit_logs.every((a: any) => a.created_at >= mid)).toBe(true);
    });
  });
  it("deleted_tickets: 403 without view_deleted_tickets", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      const r = await get("/api/v2/deleted_tickets.json?page[size]=100");
      expect(r.status).toBe(200);
      expect(r.body.deleted_tickets).toEqual(sim.groundTruth("deleted_tickets"));
      supportAccess(sim.sim).denied.add("view_deleted_tickets");
      expect((await get("/api/v2/deleted_tickets.json")).status).toBe(403);
    });
  });
});

describe("search export", () => {
  it("needs filter[type]; newest created first; no deleted tickets; prev links null", async () => {
    await withSim({ tickets: 150, seed: 8 }, async (sim, get) => {
      expect((await get("/api/v2/search/export.json?query=x")).status).toBe(400);
      const pages = await walk(get, "/api/v2/search/export.json?query=updated_at%3E%3D2000-01-01T00:00:00Z&filter[type]=ticket&page[size]=40", (b) => (b.meta.has_more ? b.links.next : null), (b) => !b.meta.has_more);
      const results = pages.flatMap((p) => p.results);
      expect(results.length).toBe(ticketChildGroundTruth(sim.sim, "tickets_search").length);
      const created = results.map((r) => Date.parse(r.created_at));
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect(pages[0].links.prev).toBeNull();
      expect(pages[0].meta.before_cursor).toBeNull();
      expect("count" in pages[0]).toBe(false);
    });
  });
});
