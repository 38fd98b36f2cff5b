import type { Stream, StreamState } from "@calabi/kernel";
import { SkipError } from "@calabi/kernel";
import { readReference } from "@calabi/fixtures";
import { sendJson, startTestServer, type TestServer } from "@calabi/kernel/testing";
import type { RunningSimulator } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { compare, ids, nonEmpty, readStream, simulator } from "../../test/harness.js";
import {
  accountAttributes,
  attributeDefinitions,
  automations,
  brands,
  customRoles,
  groupMemberships,
  macros,
  organizationFields,
  organizationMemberships,
  schedules,
  slaPolicies,
  ticketFields,
  ticketForms,
  triggers,
  userFields,
} from "./index.js";

let sim: RunningSimulator | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await sim?.close();
  await server?.close();
  sim = undefined;
  server = undefined;
});

const MINUTE = 60_000;
type Rec = Record<string, unknown>;
const byKey = (key: string) => (a: Rec, b: Rec) => compare(a[key], b[key]);
const sortedJson = (records: Rec[]) => records.map((r) => JSON.stringify(r)).sort();

/** Every configuration stream with its first-request signature (pagination family, extra params). */
const STREAMS: [string, Stream<any, any>, string, RegExp][] = [
  ["account_attributes", accountAttributes, "id", /^\/api\/v2\/routing\/attributes\?per_page=100$/],
  ["automations", automations, "id", /^\/api\/v2\/automations\?page%5Bsize%5D=100$/],
  ["brands", brands, "id", /^\/api\/v2\/brands\?page%5Bsize%5D=100$/],
  ["custom_roles", customRoles, "id", /^\/api\/v2\/custom_roles$/],
  ["group_memberships", groupMemberships, "id", /^\/api\/v2\/group_memberships\?page%5Bsize%5D=100$/],
  ["macros", macros, "id", /^\/api\/v2\/macros\?sort_by=created_at&sort_order=asc&page%5Bsize%5D=100$/],
  ["organization_fields", organizationFields, "id", /^\/api\/v2\/organization_fields\?per_page=100$/],
  ["organization_memberships", organizationMemberships, "id", /^\/api\/v2\/organization_memberships\?page%5Bsize%5D=100$/],
  ["schedules", schedules, "id", /^\/api\/v2\/business_hours\/schedules\.json\?page%5Bsize%5D=100$/],
  ["sla_policies", slaPolicies, "id", /^\/api\/v2\/slas\/policies\.json$/],
  ["ticket_fields", ticketFields, "id", /^\/api\/v2\/ticket_fields\?page%5Bsize%5D=100$/],
  ["ticket_forms", ticketForms, "id", /^\/api\/v2\/ticket_forms$/],
  ["triggers", triggers, "id", /^\/api\/v2\/triggers\?per_page=100$/],
  ["user_fields", userFields, "id", /^\/api\/v2\/user_fields\?per_page=100$/],
];

describe("configuration streams: first sync equals the simulator's ground truth", () => {
  it.each(STREAMS)("%s", async (name, stream, key, firstRequest) => {
    sim = await simulator();
    const result = await readStream(stream, sim);
    const truth = sim.groundTruth(name as never) as Rec[];
    expect(truth.length).toBeGreaterThan(0);
    expect([...result.records].sort(byKey(key))).toEqual([...truth].sort(byKey(key)));
    expect(new Set(result.records.map((r) => r[key])).size).toBe(result.records.length);
    expect(sim.requests()[0].path).toMatch(firstRequest);
  });

  it.each([...STREAMS.map(([n, s]) => [n, s] as const), ["attribute_definitions", attributeDefinitions] as const])(
    "%s: the simulator's records match the published schema (no schema-drift warnings)",
    async (name, stream) => {
      sim = await simulator();
      const validate = z.fromJSONSchema(stream.spec.jsonSchema as never);
      for (const record of sim.groundTruth(name as never) as Rec[]) expect(validate.safeParse(record).success, JSON.stringify(record)).toBe(true);
    },
  );

  it("attribute_definitions: conditions_all and conditions_any flattened, each tagged with its condition", async () => {
    sim = await simulator();
    const result = await readStream(attributeDefinitions, sim);
    expect(sortedJson(result.records)).toEqual(sortedJson(nonEmpty(sim.groundTruth("attribute_definitions" as never))));
    expect(new Set(result.records.map((r) => r.condition))).toEqual(new Set(["all", "any"]));
    expect(attributeDefinitions.spec.primaryKey).toEqual([]);
  });

  it("follows cursor pages to the end (organization_memberships spans more than one page)", async () => {
    sim = await simulator({ tickets: 600 });
    const result = await readStream(organizationMemberships, sim);
    expect(result.pages).toBeGreaterThan(1);
    expect(ids(result.records)).toEqual(ids(nonEmpty(sim.groundTruth("organization_memberships" as never))));
  });
});

/** Client-side incremental streams: resource in the simulator's configuration store, and a field to edit. */
const CLIENT_SIDE: [Stream<any, any>, string, string][] = [
  [customRoles, "custom_roles", "description"],
  [groupMemberships, "group_memberships", "default"],
  [macros, "macros", "title"],
  [organizationFields, "organization_fields", "title"],
  [organizationMemberships, "organization_memberships", "view_tickets"],
  [schedules, "schedules", "name"],
  [slaPolicies, "sla_policies", "title"],
  [ticketFields, "ticket_fields", "title"],
  [ticketForms, "ticket_forms", "name"],
  [triggers, "triggers", "title"],
];

describe("client-side incremental: a sync after a change picks up exactly the change", () => {
  it.each(CLIENT_SIDE.map(([s, resource, field]) => [s.spec.name, s, resource, field] as const))("%s", async (_name, stream, resource, field) => {
    sim = await simulator();
    const first = await readStream(stream, sim);
    const state = first.checkpoints.at(-1)!;
    expect(state.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const saved = Date.parse(state.updated_at as string);

    sim.advanceClock(2 * MINUTE);
    const config = sim.account.config;
    const target = config.list(resource as never).find((r) => r.updated_at !== undefined)!;
    const changed = config.update(resource as never, target.id as number, { [field]: typeof target[field] === "boolean" ? !target[field] : `${String(target[field])} (edited)` });
    const created = config.create(resource as never, {});

    const second = await readStream(stream, sim, { state });
    const newer = second.records.filter((r) => r.updated_at !== undefined && Date.parse(r.updated_at as string) > saved);
    expect(newer.map((r) => r.id).sort(compare)).toEqual([changed.id, created.id].sort(compare));
    expect(newer.find((r) => r.id === changed.id)).toEqual(changed);
    // Everything else is either at the saved second (the >= boundary) or has no cursor at all.
    for (const r of second.records.filter((x) => !newer.includes(x))) {
      if (r.updated_at !== undefined) expect(Date.parse(r.updated_at as string)).toBe(saved);
    }
    expect(Date.parse(second.checkpoints.at(-1)!.updated_at as string)).toBe(Date.parse(changed.updated_at as string));
  });

  it("group_memberships: memberships without updated_at are kept on every sync", async () => {
    sim = await simulator();
    const truth = sim.groundTruth("group_memberships" as never) as Rec[];
    const uncursored = truth.filter((m) => !("updated_at" in m));
    expect(uncursored.length).toBeGreaterThan(0);
    const first = await readStream(groupMemberships, sim);
    const second = await readStream(groupMemberships, sim, { state: first.checkpoints.at(-1)! });
    for (const m of uncursored) expect(second.records.map((r) => r.id)).toContain(m.id);
  });
});

describe("client-side incremental: start_date applies in full refresh", () => {
  it.each(CLIENT_SIDE.map(([s, resource]) => [s.spec.name, s, resource] as const))("%s", async (_name, stream, resource) => {
    sim = await simulator({ tickets: 600 });
    const truth = sim.groundTruth(resource as never) as Rec[];
    const times = truth.map((r) => r.updated_at as string | undefined).filter((t): t is string => !!t).sort();
    const middle = times[Math.floor(times.length / 2)];
    const result = await readStream(stream, sim, { config: { start_date: middle } });
    const expected = truth.filter((r) => r.updated_at === undefined || Date.parse(r.updated_at as string) >= Date.parse(middle));
    expect(ids(result.records)).toEqual(ids(expected));
    expect(result.records.length).toBeLessThan(truth.length);
  });
});

describe("full-refresh streams ignore start_date", () => {
  it.each([
    ["automations", automations],
    ["user_fields", userFields],
    ["account_attributes", accountAttributes],
  ] as const)("%s", async (name, stream) => {
    sim = await simulator();
    const result = await readStream(stream, sim, { config: { start_date: "2099-01-01T00:00:00Z" } });
    expect(ids(result.records)).toEqual(ids(nonEmpty(sim.groundTruth(name as never))));
    expect(result.checkpoints).toEqual([]);
  });
});

describe("a state from the far future reads no records (abnormal state)", () => {
  it.each(CLIENT_SIDE.map(([s]) => [s.spec.name, s] as const))("%s", async (_name, stream) => {
    sim = await simulator();
    const result = await readStream(stream, sim, { state: { updated_at: "2222-01-01T00:00:00Z" } as StreamState });
    expect(result.records.filter((r) => r.updated_at !== undefined)).toEqual([]);
  });
});

describe("Airbyte's abnormal_state.json (year-2222 cursors) reads no records", () => {
  const states = new Map<string, StreamState>(
    readReference("airbyte-zendesk/integration/abnormal_state.json").map((m: any) => [m.stream.stream_descriptor.name, m.stream.stream_state]),
  );
  const covered = CLIENT_SIDE.map(([s]) => s).filter((s) => states.has(s.spec.name));
  it("covers some configuration streams", () => expect(covered.length).toBeGreaterThan(2));
  it.each(covered.map((s) => [s.spec.name, s] as const))("%s", async (name, stream) => {
    sim = await simulator();
    const result = await readStream(stream, sim, { state: states.get(name) });
    expect(result.records.filter((r) => r.updated_at !== undefined)).toEqual([]);
  });
});

/** Answers one JSON body on every request; `readStream` only needs the URL of a simulator. */
async function fixedServer(status: number, body: unknown): Promise<RunningSimulator> {
  server = await startTestServer((_req, res) => sendJson(res, status, body));
  return { url: server.url, requests: () => [] } as unknown as RunningSimulator;
}

describe("deleted markers", () => {
  it("brands: a deleted brand is kept, marked is_deleted", async () => {
    const deleted = { id: 3, name: "Retired", is_deleted: true, active: false, created_at: "2024-01-01T00:00:00Z", updated_at: "2024-02-01T00:00:00Z" };
    const live = { id: 2, name: "Main", is_deleted: false, active: true, created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z" };
    const result = await readStream(brands, await fixedServer(200, { brands: [live, deleted], meta: { has_more: false } }));
    expect(result.records).toEqual([live, deleted]);
  });
});

describe("plan-gated streams", () => {
  const gated: [string, Stream<any, any>, RegExp][] = [
    ["account_attributes", accountAttributes, /skills-based routing/],
    ["attribute_definitions", attributeDefinitions, /skills-based routing/],
    ["custom_roles", customRoles, /Enterprise plan/],
    ["sla_policies", slaPolicies, /Professional \/ Suite Growth/],
    ["schedules", schedules, /business hours/],
    ["ticket_forms", ticketForms, /multiple ticket forms/],
  ];

  it.each(gated)("%s is skipped on a Team account, with a message naming what is missing", async (name, stream, requirement) => {
    sim = await simulator({ plan: "team" });
    const error = await readStream(stream, sim).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SkipError);
    expect((error as SkipError).scope).toBe("stream");
    expect((error as SkipError).message).toMatch(requirement);
    expect((error as SkipError).message).toContain(name);
  });

  it("sla_policies, ticket_forms and schedules are readable on Professional; custom_roles and routing are not", async () => {
    sim = await simulator({ plan: "professional" });
    expect((await readStream(slaPolicies, sim)).records.length).toBeGreaterThan(0);
    expect((await readStream(ticketForms, sim)).records.length).toBeGreaterThan(0);
    expect((await readStream(schedules, sim)).records.length).toBeGreaterThan(0);
    await expect(readStream(customRoles, sim)).rejects.toBeInstanceOf(SkipError);
    await expect(readStream(accountAttributes, sim)).rejects.toBeInstanceOf(SkipError);
  });

  it("the simulator's plan gates are configurable (minimum plan and body)", async () => {
    sim = await simulator({ plan: "team", planGates: { ticket_forms: { minPlan: "team" }, custom_roles: { body: "restricted" } } });
    expect((await readStream(ticketForms, sim)).records.length).toBeGreaterThan(0);
    await expect(readStream(customRoles, sim)).rejects.toBeInstanceOf(SkipError);
    expect(sim.requests().at(-1)!.status).toBe(403);
  });

  it("ticket_forms fails (config error) on a 404 and on a 403 that is not a plan refusal", async () => {
    await expect(readStream(ticketForms, await fixedServer(404, { error: "InvalidEndpoint", description: "Not found" }))).rejects.toMatchObject({
      failureType: "config_error",
      message: expect.stringMatching(/ticket forms/),
    });
    await server!.close();
    await expect(
      readStream(ticketForms, await fixedServer(403, { error: "Forbidden", description: "You are missing the following required scopes: read" })),
    ).rejects.toMatchObject({ failureType: "config_error" });
  });

  it("other streams keep the default chain: a plain 403 fails as a config error", async () => {
    await expect(readStream(macros, await fixedServer(403, { error: "Forbidden", description: "nope" }))).rejects.toMatchObject({
      failureType: "config_error",
    });
  });
});
