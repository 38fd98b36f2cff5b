import { describe, expect, it } from "vitest";
import { withSim, walk } from "../../__tests__/helpers.js";

describe("Support list endpoints", () => {
  it("/tickets: CBP by ticket number without fields/generated_timestamp, offset with fields; own rate header", async () => {
    await withSim({ tickets: 120, rateLimitDisabled: false }, async (sim, get) => {
      const live = sim.groundTruth("tickets");
      const pages = await walk(get, "/api/v2/tickets.json?page[size]=50", (b) => b.links.next, (b) => !b.meta.has_more);
      const got = pages.flatMap((p) => p.tickets);
      expect(got.map((t) => t.id)).toEqual(live.map((t) => t.id));
      expect("fields" in got[0] || "generated_timestamp" in got[0]).toBe(false);
      expect(JSON.parse(Buffer.from(pages[0].meta.after_cursor, "base64").toString()).o).toBe("nice_id");
      const off = await get("/api/v2/tickets.json");
      expect(Object.keys(off.body)).toEqual(["tickets", "next_page", "previous_page", "count"]);
      expect(off.body.count).toBe(live.length);
      expect("fields" in off.body.tickets[0]).toBe(true);
      expect(off.headers["zendesk-ratelimit-tickets-index"]).toMatch(/^total=100; remaining=\d+; resets=\d+$/);
    });
  });

  it("/users (role filter), /organizations (no deleted ones, no deleted_at), /users/{id}/identities", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      const agents = await get("/api/v2/users.json?role[]=agent&role[]=admin");
      expect(agents.body.users.every((u: any) => u.role !== "end-user")).toBe(true);
      const orgs = await walk(get, "/api/v2/organizations?page[size]=100", (b) => b.links.next, (b) => !b.meta.has_more);
      const listed = orgs.flatMap((p) => p.organizations);
      expect(listed.length).toBe(sim.groundTruth("organizations").filter((o) => o.deleted_at == null).length);
      expect(listed.every((o) => !("deleted_at" in o))).toBe(true);
      const owner = sim.account.owner();
      const ids = await get(`/api/v2/users/${owner.id}/identities.json`);
      expect(ids.body.identities[0]).toMatchObject({ user_id: owner.id, type: "email", primary: true });
      expect((await get("/api/v2/users/1/identities")).status).toBe(404);
    });
  });
});
