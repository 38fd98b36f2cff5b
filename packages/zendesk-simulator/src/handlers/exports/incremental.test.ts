import { describe, expect, it } from "vitest";
import { decodeExportCursor } from "../../pagination/export-cursor.js";
import { withSim, walk } from "../../__tests__/helpers.js";

describe("incremental tickets cursor export", () => {
  it("walks every ticket once, exactly per_page per page, ordered by (generated_timestamp, id)", async () => {
    await withSim({ tickets: 230, seed: 7 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=50", (b) => b.after_url, (b) => b.end_of_stream);
      const tickets = pages.flatMap((p) => p.tickets);
      expect(tickets.length).toBe(230);
      expect(new Set(tickets.map((t) => t.id)).size).toBe(230);
      for (let i = 1; i < tickets.length; i++) {
        const a = tickets[i - 1];
        const b = tickets[i];
        expect(a.generated_timestamp < b.generated_timestamp || (a.generated_timestamp === b.generated_timestamp && a.id < b.id)).toBe(true);
      }
      for (const p of pages.slice(0, -1)) expect(p.tickets.length).toBe(50);
      const last = pages[pages.length - 1];
      expect(last.end_of_stream).toBe(true);
      expect(typeof last.after_cursor).toBe("string");
      expect(last.after_url).toContain("cursor=");
      expect(last.before_url).toBeNull();
      expect(last.before_cursor).toBeNull();
      expect(Object.keys(pages[0])).toEqual(["tickets", "after_url", "before_url", "after_cursor", "before_cursor", "end_of_stream"]);
      // cursor format "<ts>.0||<id>|"
      const lastTicket = tickets[tickets.length - 1];
      expect(decodeExportCursor(last.after_cursor)).toEqual({ ts: lastTicket.generated_timestamp, id: lastTicket.id });
      expect(Buffer.from(last.after_cursor, "base64").toString()).toBe(`${lastTicket.generated_timestamp}.0||${lastTicket.id}|`);
      // after_url carries per_page
      expect(pages[0].after_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/incremental\/tickets\/cursor\.json\?cursor=.+&per_page=50$/);
      // deleted tickets appear with status deleted; old ones scrubbed
      const deleted = tickets.filter((t) => t.status === "deleted");
      expect(deleted.length).toBeGreaterThan(0);
      void sim;
    });
  });

  it("exclude_deleted=true yields exactly the ground truth", async () => {
    await withSim({ tickets: 300, seed: 3 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0&exclude_deleted=true", (b) => b.after_url, (b) => b.end_of_stream);
      const got = pages.flatMap((p) => p.tickets).sort((a, b) => a.id - b.id);
      expect(got).toEqual(sim.groundTruth("tickets"));
      expect(got.every((t) => t.status !== "deleted")).toBe(true);
    });
  });

  it("scrubs tickets deleted more than 30 days ago", async () => {
    await withSim({ tickets: 1000, seed: 11 }, async (sim) => {
      const deleted = [...sim.account.tickets.byId.values()].filter((t) => t.status === "deleted");
      expect(deleted.length).toBeGreaterThan(5);
      const scrubbed = deleted.filter((t) => t.subject === "SCRUBBED");
      expect(scrubbed.length).toBeGreaterThan(0);
      for (const t of scrubbed) {
        expect(t.raw_subject).toBe("SCRUBBED");
        expect(t.description).toBe("X");
      }
    });
  });

  it("rejects a start_time less than a minute old with 422 and hides the last minute", async () => {
    await withSim({ tickets: 20 }, async (sim, get) => {
      const now = Math.floor(sim.sim.clock.now() / 1000);
      const r = await get(`/api/v2/incremental/tickets/cursor.json?start_time=${now - 30}`);
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" });
      const t = sim.account.createTicket({ subject: "fresh" });
      const start = now - 3600;
      const before = await get(`/api/v2/incremental/tickets/cursor.json?start_time=${start}`);
      expect(before.body.tickets.map((x: any) => x.id)).not.toContain(t.id);
      expect(before.body.end_of_stream).toBe(true);
      sim.advanceClock(61_000);
      const resumed = await get(before.body.after_url);
      expect(resumed.body.tickets.map((x: any) => x.id)).toContain(t.id);
    });
  });

  it("an update moves a ticket to the end of the export; a system update bumps only generated_timestamp", async () => {
    await withSim({ tickets: 50 }, async (sim, get) => {
      const first = await walk(get, "/api/v2/incremental/tickets/cursor.json?start_time=0", (b) => b.after_url, (b) => b.end_of_stream);
      const resume = first[first.length - 1].after_url;
      const id = sim.account.pickId("tickets", 1);
      const before = sim.sim.clock.nowSeconds();
      const updated = sim.account.updateTicket(id, { priority: "urgent" });
      const after = sim.sim.clock.nowSeconds();
      const other = [...sim.account.tickets.byId.values()].find((t) => t.id !== id && t.status !== "deleted")!;
      const sys = sim.account.systemUpdateTicket(other.id as number);
      expect(sys.updated_at).toBe(other.updated_at);
      sim.advanceClock(61_000);
      const next = await get(resume);
      const ids = next.body.tickets.map((t: any) => t.id);
      expect(ids).toContain(id);
      expect(ids).toContain(other.id);
      expect(next.body.tickets.find((t: any) => t.id === id).priority).toBe("urgent");
      expect(updated.generated_timestamp).toBeGreaterThanOrEqual(before);
      expect(updated.generated_timestamp).toBeLessThanOrEqual(after);
    });
  });

  it("deleting a ticket shows it as status deleted and lists it in ground truth deleted_tickets", async () => {
    await withSim({ tickets: 30 }, async (sim) => {
      const id = sim.account.pickId("tickets", 2);
      sim.account.deleteTicket(id);
      expect(sim.groundTruth("tickets").map((t) => t.id)).not.toContain(id);
      expect(sim.groundTruth("deleted_tickets").map((t) => t.id)).toContain(id);
      expect(sim.account.tickets.get(id)!.status).toBe("deleted");
    });
  });
});

describe("incremental users cursor export", () => {
  it("walks all users ordered by updated_at and sideloads identities", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/incremental/users/cursor?start_time=0&per_page=40&include=identities", (b) => b.after_url, (b) => b.end_of_stream);
      const users = pages.flatMap((p) => p.users);
      expect(users.sort((a, b) => a.id - b.id)).toEqual(sim.groundTruth("users"));
      const identities = pages.flatMap((p) => p.identities);
      expect(identities.sort((a, b) => a.id - b.id)).toEqual(sim.groundTruth("user_identities"));
      for (const p of pages) {
        const ids = new Set(p.users.map((u: any) => u.id));
        for (const i of p.identities) expect(ids.has(i.user_id)).toBe(true);
      }
      expect(pages[0].after_url).toContain("include=identities");
    });
  });
});

describe("incremental organizations time export", () => {
  it("has count, end_time, next_page (also at end_of_stream) and deleted_at", async () => {
    await withSim({ tickets: 400 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/incremental/organizations.json?start_time=0", (b) => b.next_page, (b) => b.end_of_stream);
      const last = pages[pages.length - 1];
      expect(last.end_of_stream).toBe(true);
      expect(typeof last.next_page).toBe("string");
      expect(last.next_page).toContain(`start_time=${last.end_time}`);
      expect(Object.keys(last).sort()).toEqual(["count", "end_of_stream", "end_time", "next_page", "organizations"]);
      const orgs = pages.flatMap((p) => p.organizations);
      expect(orgs.some((o) => o.deleted_at != null)).toBe(true);
      const unique = new Map(orgs.map((o) => [o.id, o]));
      expect([...unique.values()].sort((a, b) => a.id - b.id)).toEqual(sim.groundTruth("organizations"));
    });
  });

  it("reproduces boundary duplicates (end_time = last ts) and same-second extension (end_time = ts + 1)", async () => {
    await withSim({ tickets: 600, seed: 5 }, async (sim, get) => {
      // per_page=1: each page holds all records sharing the first second, end_time = ts + 1, no duplicates
      const pages = await walk(get, "/api/v2/incremental/organizations.json?start_time=0&per_page=1", (b) => b.next_page, (b) => b.end_of_stream);
      const seen = pages.flatMap((p) => p.organizations.map((o: any) => o.id));
      expect(new Set(seen).size).toBe(seen.length);
      const cluster = pages.find((p) => p.count > 1);
      expect(cluster).toBeDefined();
      for (const p of pages.filter((p) => !p.end_of_stream)) {
        const ts = Math.floor(Date.parse(p.organizations[0].updated_at) / 1000);
        expect(p.end_time).toBe(ts + 1);
        expect(p.organizations.every((o: any) => Math.floor(Date.parse(o.updated_at) / 1000) === ts)).toBe(true);
      }
      // per_page=7: a page ending inside a same-second cluster gets end_time = that second; the next page repeats it
      const p7 = await walk(get, "/api/v2/incremental/organizations.json?start_time=0&per_page=7", (b) => b.next_page, (b) => b.end_of_stream);
      let dupes = 0;
      for (let i = 1; i < p7.length; i++) {
        const prev = new Set(p7[i - 1].organizations.map((o: any) => o.id));
        dupes += p7[i].organizations.filter((o: any) => prev.has(o.id)).length;
        if (!p7[i - 1].end_of_stream && p7[i - 1].count === 7) {
          const lastTs = Math.floor(Date.parse(p7[i - 1].organizations[6].updated_at) / 1000);
          const firstTs = Math.floor(Date.parse(p7[i - 1].organizations[0].updated_at) / 1000);
          expect(p7[i - 1].end_time).toBe(firstTs === lastTs ? lastTs + 1 : lastTs);
        }
      }
      expect(dupes).toBeGreaterThan(0);
      const unique = new Set(p7.flatMap((p) => p.organizations.map((o: any) => o.id)));
      expect(unique.size).toBe(sim.groundTruth("organizations").length);
    });
  });

  it("can create the ≥1000-records-in-one-second trap: the same next_page forever", async () => {
    await withSim({ tickets: 20, organizationsInOneSecond: 1200 }, async (_sim, get) => {
      let r = await get("/api/v2/incremental/organizations.json?start_time=0");
      let guard = 0;
      while (r.body.count < 1000 && !r.body.end_of_stream && guard++ < 50) r = await get(r.body.next_page);
      expect(r.body.count).toBe(1000);
      const again = await get(r.body.next_page);
      expect(again.body.next_page).toBe(r.body.next_page);
      expect(again.body.end_time).toBe(r.body.end_time);
      expect(again.body.count).toBe(1000);
    });
  });
});

describe("heavy export pages", () => {
  it("answer 504 upstream request timeout above exportTimeoutAbovePerPage; smaller pages work", async () => {
    await withSim({ tickets: 20, exportTimeoutAbovePerPage: 500 }, async (_sim, get) => {
      const big = await get("/api/v2/incremental/tickets/cursor.json?start_time=0");
      expect(big.status).toBe(504);
      expect(big.text).toBe("upstream request timeout");
      expect(big.headers["content-type"]).toMatch(/^text\/plain/);
      const small = await get("/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=500");
      expect(small.status).toBe(200);
    });
  });
});
