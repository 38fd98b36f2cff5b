import { describe, expect, it } from "vitest";
import { withSim, walk } from "../__tests__/helpers.js";

describe("groups", () => {
  it("offset pagination: next_page URL or null, previous_page, count; deleted groups hidden by default", async () => {
    await withSim({ tickets: 100, groups: 130 }, async (sim, get) => {
      const active = sim.groundTruth("groups").filter((g) => !g.deleted);
      const p1 = await get("/api/v2/groups.json");
      expect(Object.keys(p1.body)).toEqual(["groups", "next_page", "previous_page", "count"]);
      expect(p1.body.groups).toHaveLength(100);
      expect(p1.body.count).toBe(active.length);
      expect(p1.body.previous_page).toBeNull();
      expect(p1.body.next_page).toBe(`${sim.url}/api/v2/groups.json?page=2`);
      const p2 = await get(p1.body.next_page);
      expect(p2.body.next_page).toBeNull();
      expect(p2.body.previous_page).toBe(`${sim.url}/api/v2/groups.json?page=1`);
      expect([...p1.body.groups, ...p2.body.groups]).toEqual(active);
      const all = await walk(get, "/api/v2/groups.json?exclude_deleted=false&per_page=50", (b) => b.next_page, (b) => !b.next_page);
      expect(all.flatMap((p) => p.groups)).toEqual(sim.groundTruth("groups"));
      expect(all[0].next_page).toContain("per_page=50");
      expect(all.flatMap((p) => p.groups).some((g) => g.deleted === true)).toBe(true);
    });
  });

  it("offset depth cap: page × per_page > 10000 → 400 InvalidPaginationDepth", async () => {
    await withSim({ tickets: 10 }, async (_sim, get) => {
      const r = await get("/api/v2/groups.json?page=101&per_page=100");
      expect(r.status).toBe(400);
      expect(r.body.errors[0].code).toBe("InvalidPaginationDepth");
      expect((await get("/api/v2/groups.json?page=100&per_page=100")).status).toBe(200);
      expect((await get("/api/v2/groups.json?page=abc")).status).toBe(400);
    });
  });

  it("cursor pagination with page[size]: ordered by name, links always present, stops on has_more", async () => {
    await withSim({ tickets: 100, groups: 25 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/groups?page[size]=10", (b) => b.links.next, (b) => !b.meta.has_more);
      const groups = pages.flatMap((p) => p.groups);
      const expected = sim.groundTruth("groups").filter((g) => !g.deleted);
      expect(groups.length).toBe(expected.length);
      const names = groups.map((g) => `${g.name}\u0000${String(g.id).padStart(20, "0")}`);
      expect(names).toEqual(names.slice().sort());
      const last = pages[pages.length - 1];
      expect(last.meta.has_more).toBe(false);
      expect(last.links.next).toMatch(/page%5Bafter%5D=.+&page%5Bsize%5D=10$/);
      expect(JSON.parse(Buffer.from(last.meta.after_cursor, "base64").toString()).o).toBe("name,id");
      // walk back with page[before]
      const back = await get(last.links.prev);
      expect(back.body.groups).toEqual(pages[pages.length - 2].groups);
      expect((await get("/api/v2/groups?page[size]=101")).status).toBe(400);
    });
  });
});

describe("tags", () => {
  it("cursor mode: {name,count} by -count,name; links.next present on the last page", async () => {
    await withSim({ tickets: 300 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/tags.json?page[size]=100", (b) => b.links.next, (b) => !b.meta.has_more);
      const tags = pages.flatMap((p) => p.tags);
      expect(tags.slice().sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(sim.groundTruth("tags"));
      for (let i = 1; i < tags.length; i++) {
        const a = tags[i - 1];
        const b = tags[i];
        expect(a.count > b.count || (a.count === b.count && a.name < b.name)).toBe(true);
      }
      const last = pages[pages.length - 1];
      expect(last.meta.has_more).toBe(false);
      expect(typeof last.links.next).toBe("string");
      expect(typeof last.links.prev).toBe("string");
      expect(Object.keys(tags[0])).toEqual(["name", "count"]);
    });
  });

  it("page[size]=1 gives before_cursor == after_cursor; offset mode without page[size]", async () => {
    await withSim({ tickets: 50 }, async (_sim, get) => {
      const one = await get("/api/v2/tags?page[size]=1");
      expect(one.body.meta.before_cursor).toBe(one.body.meta.after_cursor);
      expect(one.body.meta.has_more).toBe(true);
      const off = await get("/api/v2/tags.json");
      expect(Object.keys(off.body)).toEqual(["tags", "next_page", "previous_page", "count"]);
    });
  });
});

describe("users/me and single records", () => {
  it("returns the authenticated user and 404 RecordNotFound for unknown ids", async () => {
    await withSim({ tickets: 10 }, async (sim, get) => {
      const me = await get("/api/v2/users/me.json");
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(sim.account.owner().id);
      expect(me.body.user.role).toBe("admin");
      const nf = await get("/api/v2/users/1.json");
      expect(nf.status).toBe(404);
      expect(nf.body).toEqual({ error: "RecordNotFound", description: "Not found" });
      const unknown = await get("/api/v2/no_such_thing");
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: "InvalidEndpoint", description: "Not found" });
    });
  });
});

describe("unknown endpoints", () => {
  it("answer 404 InvalidEndpoint through the pipeline (rate-limit headers, request log)", async () => {
    await withSim({ tickets: 5 }, async (sim, get) => {
      const r = await get("/api/v2/definitely_not_a_thing.json?x=1");
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: "InvalidEndpoint", description: "Not found" });
      expect(r.headers["x-rate-limit"]).toBeDefined();
      expect(r.headers["x-zendesk-api-version"]).toBe("v2");
      expect(sim.requests().at(-1)).toMatchObject({ method: "GET", path: "/api/v2/definitely_not_a_thing.json?x=1", status: 404 });
    });
  });
});

describe("next-page links", () => {
  it("list their params sorted by name, as Rails' to_query does (every recorded link agrees)", async () => {
    await withSim({ tickets: 60 }, async (_sim, get) => {
      const users = await get("/api/v2/incremental/users/cursor.json?start_time=0&per_page=5&include=identities");
      expect(new URL(users.body.after_url).search).toMatch(/^\?cursor=[^&]+&include=identities&per_page=5$/);
      const orgs = await get("/api/v2/incremental/organizations.json?start_time=0&per_page=5");
      expect(new URL(orgs.body.next_page).search).toMatch(/^\?per_page=5&start_time=\d+$/);
      const groups = await get("/api/v2/groups.json?per_page=2&exclude_deleted=false");
      expect(new URL(groups.body.next_page).search).toBe("?exclude_deleted=false&page=2&per_page=2");
      const tags = await get("/api/v2/tags.json?sort_order=x&page[size]=2");
      expect(new URL(tags.body.links.next).search).toMatch(/^\?page%5Bafter%5D=[^&]+&page%5Bsize%5D=2$/);
    });
  });
});
