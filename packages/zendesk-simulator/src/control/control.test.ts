import { describe, expect, it } from "vitest";
import { call, withSim } from "../__tests__/helpers.js";

const post = (url: string, path: string, body: unknown, method = "POST") =>
  call(url, path, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("control endpoints", () => {
  it("mutate records, read ground truth, the request log and the clock", async () => {
    await withSim({ tickets: 20 }, async (sim) => {
      const created = await post(sim.url, "/__sim/records/tickets", { subject: "Printer on fire" });
      expect(created.status).toBe(201);
      const id = created.body.record.id;
      expect(created.body.record.subject).toBe("Printer on fire");
      const upd = await post(sim.url, `/__sim/records/tickets/${id}`, { status: "open" }, "PATCH");
      expect(upd.body.record.status).toBe("open");
      const gt = await call(sim.url, "/__sim/ground-truth/tickets");
      expect(gt.body.records.find((t: any) => t.id === id).status).toBe("open");
      expect(gt.body.count).toBe(gt.body.records.length);
      const del = await call(sim.url, `/__sim/records/tickets/${id}`, { method: "DELETE" });
      expect(del.body.record.status).toBe("deleted");
      const gt2 = await call(sim.url, "/__sim/ground-truth/tickets");
      expect(gt2.body.records.map((t: any) => t.id)).not.toContain(id);
      const dt = await call(sim.url, "/__sim/ground-truth/deleted_tickets");
      expect(dt.body.records.map((t: any) => t.id)).toContain(id);

      const org = (await post(sim.url, "/__sim/records/organizations", { name: "Zeta" })).body.record;
      const orgDel = await call(sim.url, `/__sim/records/organizations/${org.id}`, { method: "DELETE" });
      expect(orgDel.body.record.deleted_at).not.toBeNull();
      const grp = (await post(sim.url, "/__sim/records/groups", { name: "New group" })).body.record;
      expect((await call(sim.url, `/__sim/records/groups/${grp.id}`, { method: "DELETE" })).body.record.deleted).toBe(true);
      const groups = await call(sim.url, "/__sim/ground-truth/groups");
      expect(groups.body.records.find((g: any) => g.id === grp.id).deleted).toBe(true);

      await call(sim.url, "/api/v2/groups.json?per_page=5");
      const log = await call(sim.url, "/__sim/requests");
      expect(log.body.requests.map((r: any) => [r.method, r.path, r.status])).toEqual([["GET", "/api/v2/groups.json?per_page=5", 200]]);
      await call(sim.url, "/__sim/requests", { method: "DELETE" });
      expect((await call(sim.url, "/__sim/requests")).body.requests).toEqual([]);

      const c0 = (await call(sim.url, "/__sim/clock")).body;
      const c1 = (await post(sim.url, "/__sim/clock/advance", { seconds: 3600 })).body;
      expect(c1.offsetMs - c0.offsetMs).toBe(3_600_000);

      const f = await post(sim.url, "/__sim/faults", { script: ["500"] }, "PUT");
      expect(f.body.faults.script).toEqual([{ kind: "500" }]);
      expect((await call(sim.url, "/api/v2/groups")).status).toBe(500);

      const burst = await post(sim.url, "/__sim/records/organizations/burst", { count: 5 });
      expect(burst.body.count).toBe(5);
      expect((await call(sim.url, "/__sim/ground-truth/nope")).status).toBe(404);
      expect((await post(sim.url, "/__sim/records/tags", {})).status).toBe(404);
    });
  });
});

describe("ground truth over HTTP", () => {
  it("serves every stream groundTruth() knows, ticket-child and Help Center streams included", async () => {
    await withSim({ tickets: 30 }, async (sim) => {
      const list = (await call(sim.url, "/__sim/ground-truth")).body.streams as string[];
      for (const s of ["tickets", "ticket_events", "ticket_comments", "articles", "brands", "macros"]) expect(list).toContain(s);
      for (const s of list) {
        const r = await call(sim.url, `/__sim/ground-truth/${s}`);
        expect(r.status, s).toBe(200);
        expect(r.body.records).toEqual(JSON.parse(JSON.stringify(sim.sim.groundTruth(s as never))));
      }
    });
  });
});
