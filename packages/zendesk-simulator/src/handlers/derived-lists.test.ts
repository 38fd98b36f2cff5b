/**
 * The index-backed list endpoints (tickets, users, organizations, search export, satisfaction
 * ratings, skips, audit logs, activities) equal the previous full-list implementations
 * (src/__tests__/old-lists.ts) at small sizes: every page of a cursor walk in both directions and
 * offset pages with their counts, with filters and sort orders, before and after mutations.
 */
import { describe, expect, it } from "vitest";
import { fromIso } from "../util/clock.js";
import { call, type Reply } from "../__tests__/helpers.js";
import {
  refAuditLogs,
  refOrganizations,
  refSatisfactionRatings,
  refSearchExport,
  refTicketActivities,
  refTicketSkips,
  refTickets,
  refUsers,
} from "../__tests__/old-lists.js";
import { startSimulator, type RunningSimulator } from "../core/server.js";
import type { JsonObject } from "../core/types.js";
import { supportAccess } from "../account/support-access.js";

type Get = (p: string) => Promise<Reply>;

const created = (r: JsonObject) => fromIso(r.created_at as string);
const byCreated = (dir: 1 | -1) => (a: JsonObject, b: JsonObject) => dir * (created(a) - created(b)) || (a.id as number) - (b.id as number);
const byId = (a: JsonObject, b: JsonObject) => (a.id as number) - (b.id as number);
const withParam = (path: string, extra: string) => `${path}${path.includes("?") ? "&" : "?"}${extra}`;

/** Every record of a cursor walk forward, and of the walk backward from the last page. */
async function cursorWalks(get: Get, path: string, key: string, size: number): Promise<{ forward: JsonObject[]; backward: JsonObject[]; lastPage: JsonObject[] }> {
  const forward: JsonObject[] = [];
  let url: string | null = withParam(path, `page[size]=${size}`);
  let last: Reply | undefined;
  for (let n = 0; url && n < 1000; n++) {
    const r = await get(url);
    expect(r.status, `${url}: ${r.text}`).toBe(200);
    forward.push(...r.body[key]);
    if (r.body[key].length) last = r;
    url = r.body.meta.has_more ? r.body.links.next : null;
  }
  const backward: JsonObject[] = [];
  url = last?.body.links.prev ?? null;
  for (let n = 0; url && n < 1000; n++) {
    const r = await get(url);
    expect(r.status, `${url}: ${r.text}`).toBe(200);
    backward.unshift(...r.body[key]);
    url = r.body.meta.has_more ? r.body.links.prev : null;
  }
  return { forward, backward, lastPage: last?.body[key] ?? [] };
}

/** The endpoint equals `expected` (the whole list in order): cursor walks both ways and two offset pages. */
async function expectList(get: Get, path: string, key: string, expected: JsonObject[], size = 7, offsetExpected = expected): Promise<void> {
  const { forward, backward, lastPage } = await cursorWalks(get, path, key, size);
  expect(forward.map((r) => r.id), path).toEqual(expected.map((r) => r.id));
  expect(forward, path).toEqual(expected);
  expect(backward, `${path} backwards`).toEqual(expected.slice(0, expected.length - lastPage.length));
  for (const [page, perPage] of [[1, 100], [3, 11]]) {
    const r = await get(withParam(path, `page=${page}&per_page=${perPage}`));
    expect(r.status, r.text).toBe(200);
    expect(r.body[key], `${path} page ${page}`).toEqual(offsetExpected.slice((page - 1) * perPage, page * perPage));
    expect(r.body.count, `${path} count`).toBe(offsetExpected.length);
    expect(r.body.next_page != null).toBe(page * perPage < offsetExpected.length);
  }
}

async function withSmallSim(fn: (sim: RunningSimulator, get: Get) => Promise<void>): Promise<void> {
  // no fixed anchor: the 30-day activities window needs history ending now
  const sim = await startSimulator({ seed: 11, tickets: 300, plan: "enterprise", rateLimitDisabled: true });
  try {
    await fn(sim, (p) => call(sim.url, p));
  } finally {
    await sim.close();
  }
}

/** Edits of every kind the indexes must follow. */
function mutate(sim: RunningSimulator): void {
  const a = sim.account;
  sim.advanceClock(60_000);
  const solved = [...a.tickets.byId.values()].filter((t) => t.status === "solved" && t.assignee_id != null).slice(0, 3);
  a.updateTicket(solved[0].id as number, { satisfaction_rating: { score: "good", comment: "Now it works" } });
  a.updateTicket(solved[1].id as number, { status: "closed" });
  a.deleteTicket(solved[2].id as number);
  a.updateTicket(5, { subject: "Edited subject" });
  a.systemUpdateTicket(6);
  a.createTicket({ subject: "Brand new", assignee_id: a.owner().id, satisfaction_rating: { score: "offered" } });
  a.createTicket({ subject: "Another new one" });
  const u = a.createUser({ name: "New Person" });
  a.updateUser(u.id as number, { role: "agent" });
  a.deleteUser(a.pickId("users", 3));
  a.updateUser(a.pickId("users", 4), { name: "Renamed" });
  a.createOrganization({ name: "New Org" });
  a.deleteOrganization(a.pickId("organizations", 1));
  a.createGroup({ name: "New Group" });
  sim.advanceClock(60_000);
}

describe("index-backed list endpoints equal the full-list implementations", () => {
  it("tickets, users, organizations (by id; role filter; deleted records hidden)", async () => {
    await withSmallSim(async (sim, get) => {
      for (const round of [0, 1]) {
        if (round === 1) mutate(sim);
        const a = sim.account;
        await expectList(get, "/api/v2/tickets.json", "tickets", refTickets(a, true).sort(byId), 7, refTickets(a, false).sort(byId));
        await expectList(get, "/api/v2/users.json", "users", refUsers(a, []).sort(byId), 37);
        await expectList(get, "/api/v2/users.json?role[]=agent&role[]=admin", "users", refUsers(a, ["agent", "admin"]).sort(byId));
        await expectList(get, "/api/v2/users.json?role=end-user", "users", refUsers(a, ["end-user"]).sort(byId), 41);
        await expectList(get, "/api/v2/organizations.json", "organizations", refOrganizations(a).sort(byId));
      }
    });
  });

  it("search export: newest created first, ids ascending on ties, the query and the index delay applied", async () => {
    await withSmallSim(async (sim, get) => {
      for (const round of [0, 1, 2]) {
        if (round === 1) mutate(sim);
        // with an index delay, the tickets changed by `mutate` are absent (search shows them once indexed)
        if (round === 2) supportAccess(sim.sim).searchIndexDelaySeconds = 90;
        const a = sim.account;
        const indexedBefore = () => sim.sim.clock.nowSeconds() - supportAccess(sim.sim).searchIndexDelaySeconds;
        const mid = new Date((a.shape.historyStart + a.shape.historyEnd) * 500).toISOString().slice(0, 19) + "Z";
        const queries: [string, string][] = [
          ["ticket", ""],
          ["ticket", `updated_at>=${mid}`],
          ["ticket", `created_at<${mid} status:closed`],
          ["ticket", `created_at>=${mid} type:ticket`],
          ["ticket", "subject"],
          ["user", ""],
          ["user", `updated_at<${mid}`],
          ["organization", ""],
          ["group", ""],
        ];
        for (const [type, query] of queries) {
          const expected = refSearchExport(a, type, query, indexedBefore());
          const path = `/api/v2/search/export.json?filter[type]=${type}&query=${encodeURIComponent(query)}`;
          const got: JsonObject[] = [];
          let url: string | null = `${path}&page[size]=13`;
          for (let n = 0; url && n < 1000; n++) {
            const r = await get(url);
            expect(r.status, r.text).toBe(200);
            got.push(...r.body.results);
            url = r.body.meta.has_more ? r.body.links.next : null;
          }
          expect(got.map((r) => r.id), `${type} ${query}`).toEqual(expected.map((r) => r.id));
          expect(got, `${type} ${query}`).toEqual(expected);
          // Show Results Count: the same index, the type from the query's `type:` term
          const count = await get(`/api/v2/search/count.json?query=${encodeURIComponent(`type:${type} ${query}`)}`);
          expect(count.status, count.text).toBe(200);
          expect(count.body, `count ${type} ${query}`).toEqual({ count: expected.length });
        }
        const all = await get(`/api/v2/search/count.json?query=${encodeURIComponent(`updated_at>=${mid}`)}`);
        const perType = ["ticket", "user", "organization", "group"].map((t) => refSearchExport(a, t, `updated_at>=${mid}`, indexedBefore()).length);
        expect(all.body.count, "a count without type: counts every type").toBe(perType.reduce((x, y) => x + y, 0));
        expect((await get("/api/v2/search/count.json")).status, "query is required").toBe(400);
      }
    });
  });

  it("satisfaction ratings, skips, audit logs, activities (sort orders and filters)", async () => {
    await withSmallSim(async (sim, get) => {
      refSatisfactionRatings(sim.account); // the old implementation's "original ratings" snapshot, taken before any edit
      for (const round of [0, 1]) {
        if (round === 1) mutate(sim);
        const a = sim.account;
        const ratings = refSatisfactionRatings(a);
        const times = ratings.map((r) => fromIso(r.updated_at as string)).sort((x, y) => x - y);
        const [t1, t2] = [times[Math.floor(times.length / 4)], times[Math.floor((3 * times.length) / 4)]];
        await expectList(get, "/api/v2/satisfaction_ratings.json", "satisfaction_ratings", ratings.slice().sort(byCreated(-1)));
        await expectList(get, "/api/v2/satisfaction_ratings.json?sort=created_at", "satisfaction_ratings", ratings.slice().sort(byCreated(1)));
        const inWindow = (r: JsonObject) => fromIso(r.updated_at as string) >= t1 && fromIso(r.updated_at as string) <= t2;
        await expectList(get, `/api/v2/satisfaction_ratings.json?start_time=${t1}&end_time=${t2}`, "satisfaction_ratings", ratings.filter(inWindow).sort(byCreated(-1)));
        await expectList(get, `/api/v2/satisfaction_ratings.json?score=good&end_time=${t2}`, "satisfaction_ratings", ratings.filter((r) => r.score === "good" && fromIso(r.updated_at as string) <= t2).sort(byCreated(-1)), 3);

        const skips = refTicketSkips(a);
        await expectList(get, "/api/v2/skips.json", "skips", skips.slice().sort(byCreated(-1)), 3);
        await expectList(get, "/api/v2/skips.json?sort_order=asc", "skips", skips.slice().sort(byCreated(1)), 3);

        const logs = refAuditLogs(a);
        await expectList(get, "/api/v2/audit_logs.json", "audit_logs", logs.slice().sort(byCreated(-1)), 29);
        await expectList(get, "/api/v2/audit_logs.json?sort=created_at", "audit_logs", logs.slice().sort(byCreated(1)), 29);
        const start = new Date((a.shape.historyStart + a.shape.historyEnd) * 500).toISOString();
        const end = new Date(a.shape.historyEnd * 1000 - 20 * 86_400_000).toISOString();
        const inRange = (r: JsonObject) => created(r) >= fromIso(start) && created(r) <= fromIso(end);
        await expectList(
          get,
          `/api/v2/audit_logs.json?filter[created_at][]=${start}&filter[created_at][]=${end}&filter[source_type]=user&filter[action]=update`,
          "audit_logs",
          logs.filter((r) => inRange(r) && r.source_type === "user" && r.action === "update").sort(byCreated(-1)),
        );
        await expectList(get, "/api/v2/audit_logs.json?filter[source_type]=organization&sort_order=asc", "audit_logs", logs.filter((r) => r.source_type === "organization").sort(byCreated(1)), 17);

        const now = sim.sim.clock.nowSeconds();
        const activities = refTicketActivities(a, now);
        expect(activities.length).toBeGreaterThan(10);
        await expectList(get, "/api/v2/activities.json", "activities", activities.slice().sort(byCreated(-1)), 5);
        await expectList(get, "/api/v2/activities.json?sort=created_at", "activities", activities.slice().sort(byCreated(1)), 5);
        const since = new Date((now - 10 * 86_400) * 1000).toISOString();
        await expectList(get, `/api/v2/activities.json?since=${since}`, "activities", activities.filter((x) => created(x) >= fromIso(since)).sort(byCreated(-1)), 4);
      }
    });
  });
});
