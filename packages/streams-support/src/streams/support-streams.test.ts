import type { RunningSimulator } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { dedupe, ids, nonEmpty, readStream, simulator } from "../../test/harness.js";
import { groups, organizations, tags, tickets, users } from "./index.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MINUTE = 60_000;

describe("first sync equals the simulator's ground truth", () => {
  it.each([
    ["tickets", tickets, "id"],
    ["users", users, "id"],
    ["organizations", organizations, "id"],
    ["groups", groups, "id"],
    ["tags", tags, "name"],
  ] as const)("%s", async (name, stream, key) => {
    sim = await simulator();
    const result = await readStream(stream, sim);
    const truth = sim.groundTruth(name);
    expect(truth.length).toBeGreaterThan(0);
    expect(ids(result.records, key)).toEqual(ids(truth, key));
    // Newest version of each record, and no duplicates within one sync.
    expect(new Set(result.records.map((r) => r[key])).size).toBe(result.records.length);
    expect([...dedupe(result.records, key).values()].sort((a, b) => String(a[key]).localeCompare(String(b[key])))).toEqual(
      [...truth].sort((a, b) => String(a[key]).localeCompare(String(b[key]))),
    );
  });
});

describe("tickets", () => {
  it("reads the cursor export, reports deleted tickets as deletions (not records) and checkpoints every page", async () => {
    sim = await simulator({ tickets: 2500 });
    const result = await readStream(tickets, sim);
    expect(result.records.some((t) => t.status === "deleted")).toBe(false);
    // The seeded account has deleted tickets: the export without exclude_deleted reports each one.
    expect(result.deletions.length).toBeGreaterThan(0);
    expect(result.deletions.every((d) => d.record.status === "deleted" && d.deletedAt === d.record.updated_at)).toBe(true);
    expect(tickets.spec.deletions).toBe(true);
    expect(result.pages).toBeGreaterThanOrEqual(3);
    expect(result.checkpoints).toHaveLength(result.pages);
    const paths = sim.requests().map((r) => r.path);
    expect(paths[0]).toMatch(/^\/api\/v2\/incremental\/tickets\/cursor\.json\?/);
    expect(paths[0]).not.toContain("exclude_deleted");
    expect(paths.slice(1).every((p) => p.includes("cursor="))).toBe(true);
    const values = result.checkpoints.map((c) => Number(c.generated_timestamp));
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it("an incremental sync picks up updates, silent system updates and creations, and reports the deleted ticket", async () => {
    sim = await simulator();
    const first = await readStream(tickets, sim);
    const state = first.checkpoints.at(-1)!;
    const [a, b, c] = sim.groundTruth("tickets") as { id: number }[];
    sim.account.updateTicket(a.id, { subject: "changed by an agent" });
    sim.account.systemUpdateTicket(b.id);
    const created = sim.account.createTicket({ subject: "brand new" });
    sim.account.deleteTicket(c.id);
    sim.advanceClock(2 * MINUTE);

    const second = await readStream(tickets, sim, { state });
    const changedIds = second.records.map((r) => r.id);
    expect(changedIds).toEqual(expect.arrayContaining([a.id, b.id, created.id]));
    expect(changedIds).not.toContain(c.id);
    expect(second.deletions.map((d) => d.record.id)).toEqual([c.id]);
    const merged = dedupe([...first.records, ...second.records]);
    for (const d of second.deletions) merged.delete(d.record.id as number);
    expect(ids([...merged.values()])).toEqual(ids(nonEmpty(sim.groundTruth("tickets"))));
    expect(merged.get(a.id)).toEqual(sim.groundTruth("tickets").find((t) => t.id === a.id));
    // Incremental: far fewer records than the whole account.
    expect(second.records.length).toBeLessThan(first.records.length / 4);
  });

  it("migrates Airbyte 5.2–5.4 state {updated_at} to generated_timestamp, capped at 2026-03-01", () => {
    expect(tickets.migrateState!({ updated_at: "1800000000" })).toEqual({ generated_timestamp: "1772323200" });
    expect(tickets.migrateState!({ updated_at: "1700000000" })).toEqual({ generated_timestamp: "1700000000" });
    expect(tickets.migrateState!({ generated_timestamp: "1700000000" })).toEqual({ generated_timestamp: "1700000000" });
    expect(() => tickets.migrateState!({ updated_at: "soon" })).toThrow(/not a unix timestamp/);
  });

  it("a state in the far future reads no records (abnormal state)", async () => {
    sim = await simulator();
    const result = await readStream(tickets, sim, { state: { generated_timestamp: "7952342400" } });
    expect(result.records).toEqual([]);
  });
});

describe("organizations", () => {
  it("drops the boundary duplicates of the time-based export across a same-second cluster", async () => {
    sim = await simulator({ organizations: 1500, organizationsInOneSecond: 900 });
    const result = await readStream(organizations, sim);
    expect(result.pages).toBeGreaterThan(1);
    expect(ids(result.records)).toEqual(ids(nonEmpty(sim.groundTruth("organizations"))));
    expect(new Set(result.records.map((r) => r.id)).size).toBe(result.records.length);
  });

  it("fails loudly instead of looping when a full page of 1000 shares one second", async () => {
    sim = await simulator({ organizationsInOneSecond: 1200 });
    await expect(readStream(organizations, sim)).rejects.toThrow(/share the second start_time=\d+.*same page forever/);
  });

  it("keeps deleted organizations, marked by deleted_at", async () => {
    sim = await simulator();
    const result = await readStream(organizations, sim);
    expect(result.records.some((o) => o.deleted_at !== null && o.deleted_at !== undefined)).toBe(true);
  });
});

describe("groups", () => {
  it("includes deleted groups marked deleted:true and filters by the saved cursor client-side", async () => {
    sim = await simulator();
    const full = await readStream(groups, sim);
    expect(full.records.some((g) => g.deleted === true)).toBe(true);
    const state = full.checkpoints.at(-1)!;
    expect(state.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await readStream(groups, sim, { state });
    // Only the records at the saved second remain (>= comparison), never older ones.
    for (const g of again.records) expect(Date.parse(g.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(state.updated_at as string));
  });

  it("applies start_date in full refresh too", async () => {
    sim = await simulator();
    const truth = sim.groundTruth("groups") as { updated_at: string }[];
    const middle = [...truth].map((g) => g.updated_at).sort()[Math.floor(truth.length / 2)];
    const result = await readStream(groups, sim, { config: { start_date: middle.replace(/\.\d+Z$/, "Z") } });
    expect(result.records.length).toBeLessThan(truth.length);
    expect(result.records.every((g) => (g.updated_at as string) >= middle)).toBe(true);
  });
});
