/**
 * The read endpoints clients call beyond what the streams read: sideloads, per-ticket audits and
 * comments, `/active` business rules, export samples, Help Center locale-prefixed routes, and
 * query parameters the endpoints do not document (ignored, never echoed).
 */
import { describe, expect, it } from "vitest";
import { walk, withSim } from "../__tests__/helpers.js";

const ids = (xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);

describe("sideloads", () => {
  it("tickets show and list: users, groups, organizations, brands, ticket_forms, metric_sets, last_audits, dates, comment_count", async () => {
    await withSim({ tickets: 80, seed: 3 }, async (sim, get) => {
      const t = sim.groundTruth("tickets").find((x) => x.assignee_id != null && x.organization_id != null && x.group_id != null)!;
      const all = "users,groups,organizations,brands,ticket_forms,metric_sets,last_audits,dates,comment_count";
      const one = await get(`/api/v2/tickets/${t.id}.json?include=${all}`);
      expect(one.status).toBe(200);
      expect(ids(one.body.users)).toEqual([...new Set([t.requester_id, t.submitter_id, t.assignee_id] as number[])].sort((a, b) => a - b));
      expect(one.body.users[0]).toEqual(sim.account.users.get(one.body.users[0].id));
      expect(one.body.groups).toEqual([sim.account.groups.get(t.group_id as number)]);
      expect(one.body.organizations).toEqual([sim.account.organizations.get(t.organization_id as number)]);
      expect(ids(one.body.brands)).toEqual([t.brand_id]);
      expect(ids(one.body.ticket_forms)).toEqual([t.ticket_form_id]);
      expect(one.body.metric_sets).toEqual([sim.groundTruth("ticket_metrics").find((m) => m.ticket_id === t.id)]);
      const audits = sim.groundTruth("ticket_audits").filter((a) => a.ticket_id === t.id);
      expect(one.body.last_audits).toEqual([audits.at(-1)]);
      const comments = sim.groundTruth("ticket_comments").filter((c) => c.ticket_id === t.id);
      expect(one.body.ticket.comment_count).toBe(comments.length);
      expect(Object.keys(one.body.ticket.dates)).toContain("solved_at");
      // without include: none of it
      const plain = await get(`/api/v2/tickets/${t.id}.json`);
      expect(Object.keys(plain.body)).toEqual(["ticket"]);
      expect(plain.body.ticket.comment_count).toBeUndefined();

      const list = await get("/api/v2/tickets.json?page[size]=10&include=users,groups");
      const requesters = new Set(list.body.tickets.map((x: { requester_id: number }) => x.requester_id));
      expect([...requesters].every((id) => list.body.users.some((u: { id: number }) => u.id === id))).toBe(true);
      expect(list.body.groups.length).toBeGreaterThan(0);
      expect(new URL(list.body.links.next).searchParams.get("include")).toBe("users,groups");
    });
  });

  it("unknown include values are ignored and dropped from next links; known ones are kept", async () => {
    await withSim({ tickets: 40 }, async (_sim, get) => {
      const r = await get("/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=5&include=nonsense,users");
      expect(r.status).toBe(200);
      expect(r.body.nonsense).toBeUndefined();
      expect(r.body.users.length).toBeGreaterThan(0);
      expect(new URL(r.body.after_url).searchParams.get("include")).toBe("users");
      const only = await get("/api/v2/tickets.json?per_page=5&include=nonsense");
      expect(only.status).toBe(200);
      expect(Object.keys(only.body)).toEqual(["tickets", "next_page", "previous_page", "count"]);
      expect(new URL(only.body.next_page).search).toBe("?page=2&per_page=5");
      // last_audits is not supported on exports [doc]
      const exp = await get("/api/v2/incremental/tickets.json?start_time=0&per_page=5&include=last_audits");
      expect(exp.body.last_audits).toBeUndefined();
      expect(new URL(exp.body.next_page).searchParams.has("include")).toBe(false);
    });
  });

  it("exports: users/groups/organizations and per-record dates on every page, base records unchanged", async () => {
    await withSim({ tickets: 60, seed: 5 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=20&include=users,organizations,comment_count", (b) => b.after_url, (b) => b.end_of_stream);
      expect(pages.length).toBeGreaterThan(2);
      for (const p of pages) {
        const users = new Set(p.users.map((u: { id: number }) => u.id));
        for (const t of p.tickets) {
          expect(users.has(t.requester_id)).toBe(true);
          if (t.status !== "deleted") expect(typeof t.comment_count).toBe("number");
        }
      }
      const truth = new Map(sim.groundTruth("tickets").map((t) => [t.id, t]));
      const served = pages.flatMap((p) => p.tickets).filter((t) => truth.has(t.id));
      for (const t of served) {
        const { comment_count: _c, ...rest } = t;
        expect(rest).toEqual(truth.get(t.id));
      }
      const users = await get("/api/v2/incremental/users/cursor.json?start_time=0&per_page=50&include=identities,organizations,groups,roles");
      expect(users.body.identities.length).toBeGreaterThan(0);
      expect(users.body.organizations.length).toBeGreaterThan(0);
      expect(users.body.groups.length).toBeGreaterThan(0);
      expect(users.body.roles.length).toBeGreaterThan(0);
    });
  });
});

describe("read endpoints", () => {
  it("per-ticket audits and comments match the ticket's audits and comments", async () => {
    await withSim({ tickets: 50, seed: 6 }, async (sim, get) => {
      const t = sim.groundTruth("tickets")[3];
      const audits = sim.groundTruth("ticket_audits").filter((a) => a.ticket_id === t.id);
      const offset = await get(`/api/v2/tickets/${t.id}/audits.json`);
      expect(offset.body.audits).toEqual(audits);
      expect(offset.body.count).toBe(audits.length);
      const cbp = await walk(get, `/api/v2/tickets/${t.id}/audits.json?page[size]=1`, (b) => (b.meta.has_more ? b.links.next : null), (b) => !b.meta.has_more);
      expect(cbp.flatMap((p) => p.audits)).toEqual(audits);
      const single = await get(`/api/v2/tickets/${t.id}/audits/${audits[0].id}.json`);
      expect(single.body.audit).toEqual(audits[0]);

      const comments = await get(`/api/v2/tickets/${t.id}/comments.json?include_inline_images=false&page[size]=100&include=users`);
      const truth = sim.groundTruth("ticket_comments").filter((c) => c.ticket_id === t.id);
      expect(ids(comments.body.comments)).toEqual(ids(truth as never));
      expect(comments.body.comments.map((c: { body: string }) => c.body)).toEqual(truth.map((c) => c.body));
      expect(comments.body.users.map((u: { id: number }) => u.id).sort()).toEqual([...new Set(truth.map((c) => c.author_id))].sort());
      const desc = await get(`/api/v2/tickets/${t.id}/comments.json?sort_order=desc`);
      expect(desc.body.comments.map((c: { id: number }) => c.id)).toEqual(comments.body.comments.map((c: { id: number }) => c.id).reverse());
      const deleted = [...sim.account.tickets.byId.values()].find((x) => x.status === "deleted")!;
      expect((await get(`/api/v2/tickets/${deleted.id}/comments.json`)).status).toBe(404);
      expect((await get(`/api/v2/tickets/${deleted.id}/audits.json`)).status).toBe(404);
    });
  });

  it("/macros/active, /triggers/active, /automations/active list the active rules (not a RecordNotFound for id 'active')", async () => {
    await withSim({ tickets: 20 }, async (sim, get) => {
      for (const r of ["macros", "triggers", "automations"] as const) {
        const res = await get(`/api/v2/${r}/active.json`);
        expect(res.status).toBe(200);
        const active = sim.account.config.list(r).filter((x) => x.active === true);
        expect(ids(res.body[r])).toEqual(ids(active as never));
        const inactive = await get(`/api/v2/${r}.json?active=false`);
        expect(inactive.body[r].every((x: { active: boolean }) => !x.active)).toBe(true);
      }
    });
  });

  it("export samples: one page of at most 50 from start_time", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      for (const r of ["tickets", "users", "organizations", "ticket_events"]) {
        const res = await get(`/api/v2/incremental/${r}/sample.json?start_time=0`);
        expect(res.status, r).toBe(200);
        const key = r;
        expect(res.body[key].length, r).toBeGreaterThan(0);
        expect(res.body[key].length, r).toBeLessThanOrEqual(50);
        expect(typeof res.body.end_time).toBe("number");
      }
      const missing = await get("/api/v2/incremental/tickets/sample.json");
      expect(missing.status).toBe(400);
      expect(sim.groundTruth("tickets").length).toBeGreaterThan(50);
    });
  });

  it("Help Center: show and locale-prefixed routes, per-parent lists", async () => {
    await withSim({ tickets: 20 }, async (sim, get) => {
      const article = sim.groundTruth("articles")[0];
      const local = new URL(article.url as string);
      const viaUrl = await get(local.pathname);
      expect(viaUrl.body.article).toEqual(article);
      expect((await get(`/api/v2/help_center/articles/${article.id}.json`)).body.article).toEqual(article);
      expect((await get(`/api/v2/help_center/fr/articles/${article.id}.json`)).status).toBe(404);
      const inSection = await get(`/api/v2/help_center/en-us/sections/${article.section_id}/articles.json`);
      expect(inSection.body.articles.every((a: { section_id: number }) => a.section_id === article.section_id)).toBe(true);
      expect(inSection.body.articles.some((a: { id: number }) => a.id === article.id)).toBe(true);
      const localized = await get("/api/v2/help_center/en-us/articles.json?per_page=100");
      expect(localized.body.articles.length).toBe(sim.groundTruth("articles").length);
      expect((await get("/api/v2/help_center/de/articles.json")).body.articles).toEqual([]);
      // incremental articles is not a locale
      expect((await get("/api/v2/help_center/incremental/articles.json?start_time=0")).body.articles.length).toBeGreaterThan(0);
    });
  });
});

describe("query parameters", () => {
  it("undocumented ones are ignored and never echoed; malformed documented ones get Zendesk's 400", async () => {
    await withSim({ tickets: 40 }, async (_sim, get) => {
      const r = await get("/api/v2/incremental/tickets/cursor.json?start_time=0&page[size]=100&per_page=10&foo=bar");
      expect(r.status).toBe(200);
      expect(r.body.tickets).toHaveLength(10);
      expect(new URL(r.body.after_url).search).toMatch(/^\?cursor=[^&]+&per_page=10$/);
      const groups = await get("/api/v2/groups.json?page[size]=2&whatever=1");
      expect(new URL(groups.body.links.next).searchParams.has("whatever")).toBe(false);
      const bad = await get("/api/v2/groups.json?page[size]=abc");
      expect(bad.status).toBe(400);
      expect(bad.body.error.title).toBe("Invalid attribute");
      const badPage = await get("/api/v2/users.json?page=0");
      expect(badPage.status).toBe(400);
    });
  });
});
