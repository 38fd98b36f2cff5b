import { describe, expect, it } from "vitest";
import { call, walk, withSim } from "../../__tests__/helpers.js";
import { extensionsFor } from "../../account/account-extensions.js";
import { supportAccess } from "../../account/support-access.js";
import { REFUSAL_BODIES } from "../../pipeline/plan-gates.js";

const MINUTE = 60_000;
const ids = (records: readonly object[]) => records.map((r) => (r as { id: unknown }).id);

describe("custom statuses", () => {
  it("lists every status in one response; tickets' custom_status_id are listed statuses of the ticket's category", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      const r = await get("/api/v2/custom_statuses");
      expect(Object.keys(r.body).sort()).toEqual(["count", "custom_statuses", "next_page", "previous_page"]);
      expect(r.body.custom_statuses).toEqual(sim.groundTruth("custom_statuses"));
      const byId = new Map<number, any>(r.body.custom_statuses.map((s: any) => [s.id, s]));
      const category = (status: string) => (status === "closed" ? "solved" : status);
      let checked = 0;
      for (const t of sim.groundTruth("tickets")) {
        const status = byId.get(t.custom_status_id as number);
        expect(status, `ticket ${t.id}`).toBeDefined();
        expect(status.status_category).toBe(category(t.status as string));
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
      expect(r.body.custom_statuses.filter((s: any) => s.default).map((s: any) => s.status_category).sort()).toEqual(["hold", "new", "open", "pending", "solved"]);
      const active = await get("/api/v2/custom_statuses?active=false");
      expect(active.body.custom_statuses.every((s: any) => s.active === false)).toBe(true);
      expect(active.body.custom_statuses.length).toBeGreaterThan(0);
    });
  });
});

describe("lists with cursor and offset pagination", () => {
  it.each([
    ["/api/v2/deleted_users", "deleted_users", "deleted_users"],
    ["/api/v2/dynamic_content/items", "items", "dynamic_content_items"],
    ["/api/v2/recipient_addresses", "recipient_addresses", "support_addresses"],
  ] as const)("%s: cursor pages and offset pages both list the ground truth", async (path, key, stream) => {
    await withSim({ tickets: 400 }, async (sim, get) => {
      const truth = sim.groundTruth(stream);
      expect(truth.length).toBeGreaterThan(1);
      const cursor = await walk(get, `${path}?page[size]=2`, (b) => b.links.next, (b) => !b.meta.has_more);
      expect(cursor.flatMap((p) => p[key])).toEqual(truth);
      const offset = await walk(get, `${path}?per_page=2`, (b) => b.next_page, (b) => !b.next_page);
      expect(offset.flatMap((p) => p[key])).toEqual(truth);
      expect(offset[0].count).toBe(truth.length);
    });
  });

  it("deleted_users follows user deletions; records carry no personal data", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      const before = sim.groundTruth("deleted_users");
      expect(before.length).toBeGreaterThan(0);
      const victim = sim.groundTruth("users").find((u) => u.active !== false && u.role === "end-user")!;
      sim.account.deleteUser(victim.id as number);
      const after = await walk(get, "/api/v2/deleted_users?page[size]=100", (b) => b.links.next, (b) => !b.meta.has_more);
      const listed = after.flatMap((p) => p.deleted_users);
      expect(listed).toEqual(sim.groundTruth("deleted_users"));
      expect(ids(listed)).toContain(victim.id);
      expect(listed.find((u: any) => u.id === victim.id)).toMatchObject({ active: false, email: null, phone: null });
    });
  });

  it("suspended_tickets: cursor pagination only; authors and tickets are real records of the account", async () => {
    await withSim({ tickets: 400 }, async (sim, get) => {
      const pages = await walk(get, "/api/v2/suspended_tickets", (b) => b.links.next, (b) => !b.meta.has_more);
      expect(pages[0].meta).toBeDefined();
      const all = pages.flatMap((p) => p.suspended_tickets);
      expect(all).toEqual(sim.groundTruth("suspended_tickets"));
      const users = new Set(ids(sim.groundTruth("users")));
      const tickets = new Set(Array.from({ length: 400 }, (_, i) => i + 1));
      expect(all.some((s: any) => s.author.id !== null)).toBe(true);
      for (const s of all) {
        if (s.author.id !== null) expect(users.has(s.author.id)).toBe(true);
        if (s.ticket_id !== null) expect(tickets.has(s.ticket_id)).toBe(true);
      }
      const desc = await get("/api/v2/suspended_tickets?sort_by=created_at&sort_order=desc&page[size]=100");
      expect(desc.body.suspended_tickets.map((s: any) => s.created_at)).toEqual(all.map((s: any) => s.created_at).sort().reverse());
    });
  });

  it("suspended_tickets answers 403 without the manage-suspended-tickets permission", async () => {
    await withSim({ tickets: 50 }, async (sim, get) => {
      supportAccess(sim.sim).denied.add("manage_suspended_tickets");
      const r = await get("/api/v2/suspended_tickets");
      expect(r.status).toBe(403);
      expect(r.text).toContain("You do not have access");
    });
  });

  it("dynamic content items carry their variants", async () => {
    await withSim({ tickets: 50 }, async (sim, get) => {
      const r = await get("/api/v2/dynamic_content/items?page[size]=100");
      for (const item of r.body.items) {
        expect(item.variants.length).toBeGreaterThan(0);
        expect(item.variants.filter((v: any) => v.default)).toHaveLength(1);
        expect(item.placeholder).toBe(`{{dc.${item.name}}}`);
      }
      expect(r.body.items).toEqual(sim.groundTruth("dynamic_content_items"));
    });
  });

  it("support addresses include the address tickets are sent to", async () => {
    await withSim({ tickets: 50 }, async (sim, get) => {
      const r = await get("/api/v2/recipient_addresses");
      expect(r.body.recipient_addresses.map((a: any) => a.email)).toContain(`support@${sim.account.shape.subdomain}.zendesk.com`);
    });
  });
});

describe("custom objects", () => {
  it("objects, fields (standard ones included by default) and a cursor-based record export", async () => {
    await withSim({ tickets: 400 }, async (sim, get) => {
      const objects = (await get("/api/v2/custom_objects")).body.custom_objects;
      expect(objects).toEqual(sim.groundTruth("custom_objects"));
      expect(objects.map((o: any) => o.key)).toEqual(["contract", "device", "shipment"]);
      const fields = (await get("/api/v2/custom_objects/device/fields?page[size]=100")).body.custom_object_fields;
      expect(fields.slice(0, 2).map((f: any) => f.key)).toEqual(["standard::name", "standard::external_id"]);
      const custom = (await get("/api/v2/custom_objects/device/fields?include_standard_fields=false")).body.custom_object_fields;
      expect(custom.every((f: any) => !f.key.startsWith("standard::"))).toBe(true);
      expect((await get("/api/v2/custom_objects/nope/fields")).status).toBe(404);

      const first = await get("/api/v2/incremental/custom_objects/device/cursor?start_time=0&per_page=25");
      expect(first.status).toBe(200);
      expect(first.headers["zendesk-ratelimit-incremental-exports"]).toMatch(/total=10/);
      expect(Object.keys(first.body).sort()).toEqual(["after_cursor", "after_url", "before_cursor", "before_url", "custom_object_records", "filter", "meta"]);
      const pages = await walk(get, "/api/v2/incremental/custom_objects/device/cursor?start_time=0&per_page=25", (b) => b.after_url, (b) => !b.meta.has_more);
      expect(pages.length).toBeGreaterThan(2);
      expect(pages.at(-1).after_url).toContain("cursor=");
      const records = pages.flatMap((p) => p.custom_object_records);
      const truth = sim.groundTruth("custom_object_records").filter((r) => r.custom_object_key === "device");
      expect([...records].sort((a: any, b: any) => (a.id < b.id ? -1 : 1))).toEqual(truth);
      const times = records.map((r: any) => r.updated_at);
      expect(times).toEqual([...times].sort());
      // lookups point at real users and tickets
      const users = new Set(sim.groundTruth("users").map((u) => String(u.id)));
      const live = records.filter((r: any) => r.name !== "[DELETED]");
      for (const r of live) {
        if (r.custom_object_fields.owner) expect(users.has(r.custom_object_fields.owner)).toBe(true);
        if (r.custom_object_fields.last_ticket) expect(Number(r.custom_object_fields.last_ticket)).toBeLessThanOrEqual(400);
      }
      const deleted = records.filter((r: any) => r.name === "[DELETED]");
      expect(deleted.length).toBeGreaterThan(0);
      const kept = await walk(get, "/api/v2/incremental/custom_objects/device/cursor?start_time=0&filter[exclude_deleted]=true", (b) => b.after_url, (b) => !b.meta.has_more);
      expect(kept.flatMap((p) => p.custom_object_records)).toHaveLength(records.length - deleted.length);
    });
  });

  it("the export starts at start_time, shows edits and deletions after the clock moves, and refuses a too-recent start", async () => {
    await withSim({ tickets: 200 }, async (sim, get) => {
      const store = extensionsFor(sim.sim).customObjects;
      const now = Math.floor(sim.sim.clock.now() / 1000);
      expect((await get(`/api/v2/incremental/custom_objects/device/cursor?start_time=${now}`)).body.errors[0].code).toBe("StartTimeTooRecent");
      expect((await get("/api/v2/incremental/custom_objects/device/cursor?cursor=bogus")).body.errors[0].code).toBe("InvalidCursor");
      const [a, b] = store.recordsOf("device").filter((r) => !r.deleted);
      const edited = store.updateRecord("device", a.record.id as string, { custom_object_fields: { serial_number: "EDITED" } });
      const removed = store.deleteRecord("device", b.record.id as string);
      const created = store.createRecord("device", { name: "Brand new" });
      const hidden = await get(`/api/v2/incremental/custom_objects/device/cursor?start_time=${now - 30 * 60}`);
      expect(hidden.body.custom_object_records).toEqual([]); // the last minute is not exported yet
      sim.advanceClock(2 * MINUTE);
      const r = await get(`/api/v2/incremental/custom_objects/device/cursor?start_time=${now}`);
      // one second for all three: the export orders them by (updated_at, id)
      expect(r.body.custom_object_records).toEqual([edited, removed, created].sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1)));
      expect(removed.custom_object_fields).toMatchObject({ serial_number: "[DELETED]" });
      expect(r.body.meta.has_more).toBe(false);
    });
  });

  it("is refused below Suite Team (custom objects plan gate)", async () => {
    await withSim({ tickets: 50, plan: "essential" }, async (_sim, get) => {
      for (const path of ["/api/v2/custom_objects", "/api/v2/custom_objects/device/fields", "/api/v2/incremental/custom_objects/device/cursor?start_time=0"]) {
        const r = await get(path);
        expect(r.status, path).toBe(403);
        expect(r.body, path).toEqual(REFUSAL_BODIES.no_access);
      }
    });
  });
});

describe("skills-based routing exports", () => {
  it.each([
    ["attributes", "routing_attributes"],
    ["attribute_values", "routing_attribute_values"],
    ["instance_values", "routing_instance_values"],
  ] as const)("%s: start_time, then next_page until a page with count 0", async (log, stream) => {
    await withSim({ tickets: 300 }, async (sim, get) => {
      const pages = await walk(get, `/api/v2/incremental/routing/${log}?start_time=0`, (b) => b.next_page, (b) => b.count === 0);
      expect(pages.at(-1).count).toBe(0);
      expect(pages.at(-1)[log]).toEqual([]);
      const events = pages.flatMap((p) => p[log]);
      expect(events.length).toBeGreaterThan(0);
      expect(pages[0]).toMatchObject({ count: pages[0][log].length, end_time: expect.any(Number) });
      const sorted = [...events].sort((a: any, b: any) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.type < b.type ? -1 : 1));
      expect(sorted).toEqual(sim.groundTruth(stream));
      expect(events.map((e: any) => e.time)).toEqual(events.map((e: any) => e.time).sort());
      expect((await get(`/api/v2/incremental/routing/${log}`)).status).toBe(400);
    });
  });

  it("events follow edits: attribute edits through the configuration store, value and instance changes", async () => {
    await withSim({ tickets: 100 }, async (sim, get) => {
      const now = Math.floor(sim.sim.clock.now() / 1000);
      const config = sim.account.config;
      const attribute = config.list("account_attributes")[0];
      config.update("account_attributes", attribute.id as string, { name: "Renamed" });
      const routing = extensionsFor(sim.sim).routing;
      const value = routing.createValue(attribute.id as string, "Klingon");
      const agentId = sim.groundTruth("users").find((u) => u.role !== "end-user")!.id as number;
      const association = routing.associate(value.id as string, "agent", agentId);
      routing.unassociate(association.id as string);
      routing.deleteAttribute(config.list("account_attributes")[1].id as string);
      sim.advanceClock(2 * MINUTE);
      const since = (log: string) => get(`/api/v2/incremental/routing/${log}?start_time=${now}`).then((r) => r.body[log].map((e: any) => e.type));
      expect(await since("attributes")).toEqual(["update", "delete"]);
      expect(await since("attribute_values")).toEqual(["create"]);
      expect(await since("instance_values")).toEqual(["associate_agent", "unassociate_agent"]);
    });
  });

  it("needs skills-based routing (Enterprise)", async () => {
    await withSim({ tickets: 50, plan: "professional" }, async (_sim, get) => {
      expect((await get("/api/v2/incremental/routing/attributes?start_time=0")).status).toBe(403);
    });
  });
});

describe("control routes", () => {
  it("edit the lists, custom object records and routing values out of process", async () => {
    await withSim({ tickets: 50 }, async (sim) => {
      const send = (method: string, path: string, body?: object) => call(sim.url, path, { method, body: body && JSON.stringify(body), headers: { "content-type": "application/json" } });
      const created = await send("POST", "/__sim/extensions/support_addresses", { email: "new@example.com" });
      expect(created.status).toBe(201);
      expect(ids(sim.groundTruth("support_addresses"))).toContain(created.body.record.id);
      expect((await send("PATCH", `/__sim/extensions/support_addresses/${created.body.record.id}`, { name: "New" })).body.record.name).toBe("New");
      expect((await send("DELETE", `/__sim/extensions/support_addresses/${created.body.record.id}`)).status).toBe(200);
      expect((await send("DELETE", "/__sim/extensions/support_addresses/1")).status).toBe(404);
      expect((await send("POST", "/__sim/extensions/tickets")).status).toBe(404);
      const record = await send("POST", "/__sim/custom_objects/device/records", { name: "From control" });
      expect(record.body.record).toMatchObject({ custom_object_key: "device", name: "From control" });
      const value = await send("POST", "/__sim/routing/attribute_values", { attribute_id: sim.account.config.list("account_attributes")[0].id, name: "Latin" });
      expect(value.body.event).toMatchObject({ type: "create", name: "Latin" });
    });
  });
});
