import { describe, expect, it } from "vitest";
import { withSim } from "../../__tests__/helpers.js";

describe("count endpoints", () => {
  it("tickets (not deleted), users and organizations match the ground truth, also after a deletion", async () => {
    await withSim({ tickets: 300 }, async (sim, get) => {
      const tickets = await get("/api/v2/tickets/count.json");
      expect(tickets.status).toBe(200);
      expect(Object.keys(tickets.body.count)).toEqual(["value", "refreshed_at"]);
      expect(tickets.body.count.value).toBe(sim.groundTruth("tickets").length);
      expect((await get("/api/v2/users/count")).body.count.value).toBe(sim.groundTruth("users").length);
      expect((await get("/api/v2/organizations/count.json")).body.count.value).toBe(sim.groundTruth("organizations").length);
      const live = sim.groundTruth("tickets")[0].id as number;
      sim.account.deleteTicket(live);
      expect((await get("/api/v2/tickets/count.json")).body.count.value).toBe(tickets.body.count.value - 1);
    });
  });
});
