import { describe, expect, it } from "vitest";
import { call, walk, withSim } from "../../__tests__/helpers.js";
import { REFUSAL_BODIES } from "../../pipeline/plan-gates.js";

const NO_ACCESS = REFUSAL_BODIES.no_access;
const RESTRICTED = REFUSAL_BODIES.restricted;

describe("configuration endpoints", () => {
  it("whole-list endpoints answer every record in the offset envelope and ignore paging params", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      for (const [path, key, stream] of [
        ["/api/v2/custom_roles", "custom_roles", "custom_roles"],
        ["/api/v2/slas/policies.json", "sla_policies", "sla_policies"],
        ["/api/v2/business_hours/schedules.json?page[size]=1", "schedules", "schedules"],
        ["/api/v2/ticket_forms?per_page=1", "ticket_forms", "ticket_forms"],
        ["/api/v2/routing/attributes?per_page=1", "attributes", "account_attributes"],
      ] as const) {
        const r = await get(path);
        expect(r.status, path).toBe(200);
        expect(Object.keys(r.body).sort(), path).toEqual([key, "count", "next_page", "previous_page"].sort());
        expect(r.body.next_page, path).toBeNull();
        expect(r.body.count, path).toBe(sim.groundTruth(stream).length);
        expect(r.body[key].map((x: { id: unknown }) => x.id).sort(), path).toEqual(sim.groundTruth(stream).map((x) => x.id).sort());
      }
    });
  });

  it("routing definitions are one object; the ground truth flattens it with `condition`", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const r = await get("/api/v2/routing/attributes/definitions");
      expect(Object.keys(r.body)).toEqual(["definitions"]);
      const { conditions_all, conditions_any } = r.body.definitions;
      expect(sim.groundTruth("attribute_definitions")).toEqual([
        ...conditions_all.map((c: object) => ({ ...c, condition: "all" })),
        ...conditions_any.map((c: object) => ({ ...c, condition: "any" })),
      ]);
    });
  });

  it("macros: cursor pages in the requested sort order, links echo the sort params", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/macros?sort_by=created_at&sort_order=asc&page[size]=3", (b) => b.links.next, (b) => !b.meta.has_more);
      const macros = pages.flatMap((p) => p.macros);
      expect(macros.map((m) => m.created_at)).toEqual([...macros.map((m) => m.created_at)].sort());
      expect(macros.map((m) => m.id).sort()).toEqual(sim.groundTruth("macros").map((m) => m.id).sort());
      expect(pages[0].links.next).toContain("sort_by=created_at");
      const cursor = JSON.parse(Buffer.from(pages[0].meta.after_cursor, "base64").toString());
      expect(cursor.o).toBe("created_at,id");
    });
  });

  it("ticket_fields: every field by position without page[size], cursor pages by id with it", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const all = await get("/api/v2/ticket_fields");
      const positions = all.body.ticket_fields.map((f: { position: number }) => f.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(all.body.next_page).toBeNull();
      const pages = await walk(get, "/api/v2/ticket_fields?page[size]=4", (b) => b.links.next, (b) => !b.meta.has_more);
      const ids = pages.flatMap((p) => p.ticket_fields.map((f: { id: number }) => f.id));
      expect(ids).toEqual(sim.groundTruth("ticket_fields").map((f) => f.id));
    });
  });

  it("memberships: cursor by id or offset pages; some group memberships have no updated_at", async () => {
    await withSim({ tickets: 600 }, async (sim, get) => {
      const truth = sim.groundTruth("group_memberships");
      expect(truth.some((m) => !("updated_at" in m))).toBe(true);
      const pages = await walk(get, "/api/v2/organization_memberships?page[size]=50", (b) => b.links.next, (b) => !b.meta.has_more);
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.flatMap((p) => p.organization_memberships)).toEqual(sim.groundTruth("organization_memberships"));
      const offset = await get("/api/v2/group_memberships?per_page=5");
      expect(offset.body.count).toBe(truth.length);
      expect(offset.body.next_page).toContain("page=2");
    });
  });

  it("single-record wrappers and 404 for unknown ids", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const macro = sim.groundTruth("macros")[0];
      expect((await get(`/api/v2/macros/${macro.id}.json`)).body).toEqual({ macro });
      const policy = sim.groundTruth("sla_policies")[0];
      expect((await get(`/api/v2/slas/policies/${policy.id}`)).body).toEqual({ sla_policy: policy });
      const missing = await get("/api/v2/triggers/1");
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: "RecordNotFound", description: "Not found" });
    });
  });

  it("edits move updated_at to the simulator's now", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const trigger = sim.groundTruth("triggers")[0];
      sim.advanceClock(60_000);
      const edited = sim.account.config.update("triggers", trigger.id as number, { title: "Renamed" });
      expect(Date.parse(edited.updated_at as string)).toBeGreaterThan(Date.parse(trigger.updated_at as string));
      expect((await get(`/api/v2/triggers/${trigger.id}`)).body.trigger.title).toBe("Renamed");
    });
  });
});

describe("control routes for configuration objects", () => {
  it("create, edit and delete over HTTP; unknown resources and ids answer 404", async () => {
    await withSim({ tickets: 50 }, async (sim, get) => {
      const send = (method: string, path: string, body?: object) =>
        call(sim.url, path, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
      const created = await send("POST", "/__sim/config/macros", { title: "Made over HTTP" });
      expect(created.status).toBe(201);
      const id = created.body.record.id;
      expect((await get(`/api/v2/macros/${id}`)).body.macro.title).toBe("Made over HTTP");
      const edited = await send("PATCH", `/__sim/config/macros/${id}`, { title: "Renamed" });
      expect(edited.body.record.title).toBe("Renamed");
      expect((await send("DELETE", `/__sim/config/macros/${id}`)).status).toBe(200);
      expect((await get(`/api/v2/macros/${id}`)).status).toBe(404);
      expect((await send("PATCH", "/__sim/config/macros/1", {})).status).toBe(404);
      expect((await send("POST", "/__sim/config/tickets", {})).status).toBe(404);
      const attribute = sim.groundTruth("account_attributes")[0];
      expect((await send("PATCH", `/__sim/config/account_attributes/${attribute.id}`, { name: "Lang" })).body.record.name).toBe("Lang");
    });
  });
});

describe("plan gating", () => {
  const gated = [
    ["/api/v2/routing/attributes", NO_ACCESS],
    ["/api/v2/routing/attributes/definitions", NO_ACCESS],
    ["/api/v2/custom_roles", NO_ACCESS],
    ["/api/v2/slas/policies.json", RESTRICTED],
    ["/api/v2/ticket_forms", RESTRICTED],
    ["/api/v2/business_hours/schedules", NO_ACCESS],
  ] as const;

  it("Team: gated endpoints answer 403 with Zendesk's refusal bodies; the rest answer 200", async () => {
    await withSim({ tickets: 100, plan: "team" }, async (_sim, get) => {
      for (const [path, body] of gated) {
        const r = await get(path);
        expect(r.status, path).toBe(403);
        expect(r.body, path).toEqual(body);
      }
      for (const path of ["/api/v2/macros", "/api/v2/triggers", "/api/v2/ticket_fields", "/api/v2/automations"]) {
        expect((await get(path)).status, path).toBe(200);
      }
    });
  });

  it("Growth reads ticket forms and schedules; Professional adds SLA policies; Enterprise everything", async () => {
    const status = async (plan: "growth" | "professional" | "enterprise") =>
      withSim({ tickets: 50, plan }, async (_sim, get) => Object.fromEntries(await Promise.all(gated.map(async ([p]) => [p, (await get(p)).status]))));
    expect(await status("growth")).toMatchObject({ "/api/v2/ticket_forms": 200, "/api/v2/business_hours/schedules": 200, "/api/v2/slas/policies.json": 403, "/api/v2/custom_roles": 403 });
    expect(await status("professional")).toMatchObject({ "/api/v2/slas/policies.json": 200, "/api/v2/custom_roles": 403, "/api/v2/routing/attributes": 403 });
    expect(Object.values(await status("enterprise"))).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("planGates overrides the minimum plan and the body", async () => {
    await withSim({ tickets: 50, plan: "team", planGates: { skills_routing: { minPlan: "team" }, sla_policies: { body: "no_access_classic" } } }, async (_sim, get) => {
      expect((await get("/api/v2/routing/attributes")).status).toBe(200);
      const sla = await get("/api/v2/slas/policies");
      expect(sla.status).toBe(403);
      expect(sla.body).toEqual(REFUSAL_BODIES.no_access_classic);
    });
  });
});
