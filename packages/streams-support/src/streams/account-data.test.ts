import { SkipError, type Stream, type StreamState } from "@calabi/kernel";
import { sendJson, startTestServer, type TestServer } from "@calabi/kernel/testing";
import { extensionsFor, supportAccess, type RunningSimulator } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { compare, readStream, simulator } from "../../test/harness.js";
import {
  customObjectFields,
  customObjectRecords,
  customObjects,
  customStatuses,
  deletedUsers,
  dynamicContentItems,
  routingAttributes,
  routingAttributeValues,
  routingInstanceValues,
  supportAddresses,
  suspendedTickets,
} from "./index.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MINUTE = 60_000;
type Rec = Record<string, unknown>;
/** Records keyed by their primary key, as a destination de-duplicating on it would hold them. */
const keyed = (stream: Stream<any, any>, records: Rec[]) => {
  const key = (r: Rec) => JSON.stringify(stream.spec.primaryKey.map((path) => r[path[0]]));
  const out = new Map<string, Rec>();
  for (const r of records) out.set(key(r), r);
  return [...out.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r);
};

/** Every new stream, its first request, and whether it is incremental. */
const STREAMS: [string, Stream<any, any>, RegExp][] = [
  ["custom_statuses", customStatuses, /^\/api\/v2\/custom_statuses$/],
  ["suspended_tickets", suspendedTickets, /^\/api\/v2\/suspended_tickets\?page%5Bsize%5D=100$/],
  ["deleted_users", deletedUsers, /^\/api\/v2\/deleted_users\?page%5Bsize%5D=100$/],
  ["dynamic_content_items", dynamicContentItems, /^\/api\/v2\/dynamic_content\/items\?page%5Bsize%5D=100$/],
  ["support_addresses", supportAddresses, /^\/api\/v2\/recipient_addresses\?page%5Bsize%5D=100$/],
  ["custom_objects", customObjects, /^\/api\/v2\/custom_objects$/],
  ["custom_object_fields", customObjectFields, /^\/api\/v2\/custom_objects$/],
  ["custom_object_records", customObjectRecords, /^\/api\/v2\/custom_objects$/],
  ["routing_attributes", routingAttributes, /^\/api\/v2\/incremental\/routing\/attributes\?start_time=\d+$/],
  ["routing_attribute_values", routingAttributeValues, /^\/api\/v2\/incremental\/routing\/attribute_values\?start_time=\d+$/],
  ["routing_instance_values", routingInstanceValues, /^\/api\/v2\/incremental\/routing\/instance_values\?start_time=\d+$/],
];

describe("account data streams: a first sync equals the simulator's ground truth", () => {
  it.each(STREAMS)("%s", async (name, stream, firstRequest) => {
    sim = await simulator();
    const result = await readStream(stream, sim);
    const truth = sim.groundTruth(name as never) as Rec[];
    expect(truth.length).toBeGreaterThan(0);
    expect(keyed(stream, result.records)).toEqual(keyed(stream, truth));
    expect(result.records).toHaveLength(truth.length);
    expect(sim.requests()[0].path).toMatch(firstRequest);
    expect(result.warnings).toEqual([]);
  });

  it.each(STREAMS)("%s: the simulator's records match the published schema", async (name, stream) => {
    sim = await simulator();
    const validate = z.fromJSONSchema(stream.spec.jsonSchema as never);
    for (const record of sim.groundTruth(name as never) as Rec[]) expect(validate.safeParse(record).success, JSON.stringify(record)).toBe(true);
  });
});

describe("custom_object_records", () => {
  it("reads every object's export with per-object state; a later sync reads exactly the changes, object by object", async () => {
    sim = await simulator();
    const first = await readStream(customObjectRecords, sim);
    const state = first.checkpoints.at(-1)! as any;
    expect(state.states.map((s: any) => s.partition.custom_object_key).sort()).toEqual(["contract", "device", "shipment"]);
    const cursorOf = (key: string) => Number(state.states.find((s: any) => s.partition.custom_object_key === key).cursor.updated_at);
    expect(cursorOf("device")).not.toBe(cursorOf("contract"));

    sim.advanceClock(2 * MINUTE);
    const store = extensionsFor(sim.sim).customObjects;
    const live = (key: string) => store.recordsOf(key).filter((r) => !r.deleted)[0].record.id as string;
    const edited = store.updateRecord("device", live("device"), { custom_object_fields: { serial_number: "EDITED" } });
    const removed = store.deleteRecord("shipment", live("shipment"));
    const created = store.createRecord("contract", { name: "New contract" });
    sim.advanceClock(2 * MINUTE);

    const second = await readStream(customObjectRecords, sim, { state });
    const changed = second.records.filter((r) => Date.parse(r.updated_at as string) / 1000 > cursorOf(r.custom_object_key as string));
    expect(changed.map((r) => r.id).sort()).toEqual([edited.id, removed.id, created.id].sort());
    expect(changed.find((r) => r.id === removed.id)).toMatchObject({ name: "[DELETED]", custom_object_key: "shipment" });
    // Everything else is at a saved cursor's second (read again, `>=`), nothing older.
    for (const r of second.records.filter((x) => !changed.includes(x))) {
      expect(Date.parse(r.updated_at as string) / 1000).toBe(cursorOf(r.custom_object_key as string));
    }
    // Each object's export started at its own cursor.
    const starts = sim.requests().filter((q) => q.path.includes("/incremental/custom_objects/")).map((q) => q.path);
    for (const key of ["contract", "device", "shipment"]) expect(starts).toContainEqual(expect.stringContaining(`/custom_objects/${key}/cursor?start_time=${cursorOf(key)}`));
    const after = second.checkpoints.at(-1)! as any;
    const next = (key: string) => Number(after.states.find((s: any) => s.partition.custom_object_key === key).cursor.updated_at);
    expect(next("device")).toBe(Date.parse(edited.updated_at as string) / 1000);
    expect(next("contract")).toBe(Date.parse(created.updated_at as string) / 1000);

    // Every record's newest version, across both syncs, is the ground truth.
    expect(keyed(customObjectRecords, [...first.records, ...second.records])).toEqual(keyed(customObjectRecords, sim.groundTruth("custom_object_records")));
  });

  it("emits each export page with a checkpoint as it comes (many records), and a run cut mid-object resumes without loss", async () => {
    sim = await simulator({ tickets: 50 });
    const store = extensionsFor(sim.sim).customObjects;
    for (let i = 0; i < 2300; i++) store.createRecord("device", { name: `Bulk ${i}` });
    sim.advanceClock(2 * MINUTE);
    const full = await readStream(customObjectRecords, sim);
    const devicePages = sim.requests().filter((q) => q.path.includes("/incremental/custom_objects/device/"));
    expect(devicePages.length).toBeGreaterThanOrEqual(3);
    expect(full.checkpoints).toHaveLength(full.pages);
    expect(full.records.length).toBe(sim.groundTruth("custom_object_records").length);

    // Stop after the first device page (objects are read contract, device, shipment) and resume.
    const cut = await readStream(customObjectRecords, sim, { stopAfterPages: 2 });
    const resumed = await readStream(customObjectRecords, sim, { state: cut.checkpoints.at(-1)! });
    expect(keyed(customObjectRecords, [...cut.records, ...resumed.records])).toEqual(keyed(customObjectRecords, sim.groundTruth("custom_object_records")));
    expect(resumed.records.length).toBeLessThan(full.records.length);
  });
});

describe("client-side incremental lists: a sync after a change picks up exactly the change", () => {
  const CASES: [Stream<any, any>, "custom_statuses" | "suspended_tickets" | "dynamic_content_items" | "support_addresses", string][] = [
    [customStatuses, "custom_statuses", "agent_label"],
    [suspendedTickets, "suspended_tickets", "subject"],
    [dynamicContentItems, "dynamic_content_items", "name"],
    [supportAddresses, "support_addresses", "name"],
  ];
  it.each(CASES.map(([s, list, field]) => [s.spec.name, s, list, field] as const))("%s", async (_name, stream, list, field) => {
    sim = await simulator();
    const first = await readStream(stream, sim);
    const state = first.checkpoints.at(-1)!;
    const saved = Date.parse(state.updated_at as string);
    sim.advanceClock(2 * MINUTE);
    const store = extensionsFor(sim.sim);
    const target = store.list(list)[0];
    const changed = store.update(list, target.id as number, { [field]: `${String(target[field])} (edited)` });
    const created = store.create(list, {});
    const second = await readStream(stream, sim, { state });
    const newer = second.records.filter((r) => Date.parse(r.updated_at as string) > saved);
    expect(newer.map((r) => r.id).sort(compare)).toEqual([changed.id, created.id].sort(compare));
    expect(newer.find((r) => r.id === changed.id)).toEqual(changed);
    expect(keyed(stream, [...first.records, ...second.records])).toEqual(keyed(stream, sim.groundTruth(list)));
  });

  it("deleted_users: a user deleted after the first sync is picked up", async () => {
    sim = await simulator();
    const first = await readStream(deletedUsers, sim);
    sim.advanceClock(2 * MINUTE);
    const victim = sim.groundTruth("users").find((u) => u.active !== false && u.role === "end-user")!;
    sim.account.deleteUser(victim.id as number);
    const second = await readStream(deletedUsers, sim, { state: first.checkpoints.at(-1)! });
    expect(second.records.map((r) => r.id)).toContain(victim.id);
    const saved = first.checkpoints.at(-1)!.updated_at;
    for (const r of second.records.filter((x) => x.id !== victim.id)) expect(r.updated_at).toBe(saved);
    expect(keyed(deletedUsers, [...first.records, ...second.records])).toEqual(keyed(deletedUsers, sim.groundTruth("deleted_users")));
  });
});

describe("routing exports: incremental after changes", () => {
  it("each export resumes from its `time` state and reads exactly the new events", async () => {
    sim = await simulator();
    const streams = [routingAttributes, routingAttributeValues, routingInstanceValues];
    const firsts = await Promise.all(streams.map((s) => readStream(s, sim!)));
    for (const f of firsts) expect(f.checkpoints.at(-1)!.time).toMatch(/^\d+$/);
    sim.advanceClock(2 * MINUTE);
    const config = sim.account.config;
    const routing = extensionsFor(sim.sim).routing;
    const attribute = config.list("account_attributes")[0];
    config.update("account_attributes", attribute.id as string, { name: "Renamed" });
    const value = routing.createValue(attribute.id as string, "Esperanto");
    const agent = sim.groundTruth("users").find((u) => u.role === "agent" || u.role === "admin")!;
    routing.associate(value.id as string, "agent", agent.id as number);
    sim.advanceClock(2 * MINUTE);
    const seconds = await Promise.all(streams.map((s, i) => readStream(s, sim!, { state: firsts[i].checkpoints.at(-1)! })));
    const fresh = (i: number) => seconds[i].records.filter((r) => Date.parse(r.time as string) / 1000 > Number(firsts[i].checkpoints.at(-1)!.time));
    expect(fresh(0).map((r) => [r.id, r.type])).toEqual([[attribute.id, "update"]]);
    expect(fresh(1).map((r) => [r.id, r.type])).toEqual([[value.id, "create"]]);
    expect(fresh(2).map((r) => [r.attribute_value_id, r.instance_id, r.type])).toEqual([[value.id, String(agent.id), "associate_agent"]]);
    streams.forEach((s, i) => {
      const name = s.spec.name as never;
      expect(keyed(s, [...firsts[i].records, ...seconds[i].records])).toEqual(keyed(s, sim!.groundTruth(name)));
    });
  });
});

describe("plan- and permission-gated streams skip with a WARN naming what is missing", () => {
  const skipped = async (stream: Stream<any, any>) => {
    const error = await readStream(stream, sim!).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, stream.spec.name).toBeInstanceOf(SkipError);
    expect((error as SkipError).scope).toBe("stream");
    expect((error as SkipError).message).toContain(stream.spec.name);
    return (error as SkipError).message;
  };

  it("Essential: custom objects (Suite Team or above) and dynamic content (Professional) are skipped", async () => {
    sim = await simulator({ plan: "essential", rateLimitDisabled: true });
    for (const s of [customObjects, customObjectFields, customObjectRecords]) expect(await skipped(s)).toMatch(/Suite Team or above/);
    expect(await skipped(dynamicContentItems)).toMatch(/Professional or above/);
  });

  it("Team: custom objects are read; dynamic content and the routing exports are skipped", async () => {
    sim = await simulator({ plan: "team" });
    expect((await readStream(customObjectRecords, sim)).records.length).toBeGreaterThan(0);
    expect(await skipped(dynamicContentItems)).toMatch(/Professional/);
    for (const s of [routingAttributes, routingAttributeValues, routingInstanceValues]) expect(await skipped(s)).toMatch(/skills-based routing/);
  });

  it("suspended_tickets without the permission to manage suspended tickets", async () => {
    sim = await simulator();
    supportAccess(sim.sim).denied.add("manage_suspended_tickets");
    expect(await skipped(suspendedTickets)).toMatch(/manage suspended tickets/);
  });
});

describe("a state from the far future reads no records", () => {
  it.each([customStatuses, suspendedTickets, deletedUsers, dynamicContentItems, supportAddresses].map((s) => [s.spec.name, s] as const))("%s", async (_name, stream) => {
    sim = await simulator();
    const result = await readStream(stream, sim, { state: { updated_at: "2222-01-01T00:00:00Z" } as StreamState });
    expect(result.records).toEqual([]);
  });
});

describe("a custom object deleted after it was listed", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([customObjectFields, customObjectRecords].map((s) => [s.spec.name, s] as const))("%s: its 404 skips that object only, with a WARN", async (_name, stream) => {
    const record = { id: "01HXAMPLE", custom_object_key: "device", name: "D1", updated_at: "2025-01-01T00:00:00Z" };
    const field = { id: 7, key: "standard::name", type: "text" };
    server = await startTestServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/api/v2/custom_objects") return sendJson(res, 200, { custom_objects: [{ key: "gone" }, { key: "device" }] });
      if (path.includes("/gone/")) return sendJson(res, 404, { errors: [{ code: "NotFound", title: "Not Found" }] });
      if (path.endsWith("/device/fields")) return sendJson(res, 200, { custom_object_fields: [field], meta: { has_more: false } });
      return sendJson(res, 200, { custom_object_records: [record], after_url: null, meta: { has_more: false } });
    });
    const result = await readStream(stream, { url: server.url, requests: () => [] } as unknown as RunningSimulator);
    expect(result.records.map((r) => r.id)).toEqual([stream === customObjectFields ? 7 : "01HXAMPLE"]);
    expect(result.warnings.some((w) => w.includes("404") && w.includes("gone"))).toBe(true);
  });
});
