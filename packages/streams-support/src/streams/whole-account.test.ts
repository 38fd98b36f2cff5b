/**
 * A sync of every Support stream the plugin offers, through the kernel runner, against whole
 * simulated accounts: everything succeeds on Enterprise; on Team the plan-gated streams are skipped
 * with a WARN that names what is missing and the sync still succeeds. Streams are taken from the
 * plugin, so streams added later are covered too.
 */
import { zendeskSource } from "@calabi/auth-zendesk";
import { defaultConfiguredCatalog, MemoryStateStore, PluginRegistry, runStreams, silentLogger, systemClock, type StreamOutcome } from "@calabi/kernel";
import type { RunningSimulator, StartOptions } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { configFor, ids, nonEmpty, simulator } from "../../test/harness.js";
import { CapturingSink, RecordingDestination } from "../../test/recording.js";
import { plugin } from "../plugin.js";
import { accountDataStreams } from "./account_data.js";
import { configurationStreams } from "./configuration.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The configuration streams a Team account refuses (plan or role). */
const TEAM_GATED = [
  "account_attributes", "attribute_definitions", "custom_roles", "schedules", "sla_policies", "ticket_forms", "dynamic_content_items",
  "routing_attributes", "routing_attribute_values", "routing_instance_values",
];
/** What an Essential account refuses on top of that: custom objects. */
const ESSENTIAL_GATED = [...TEAM_GATED, "audit_logs", "custom_objects", "custom_object_fields", "custom_object_records"];

async function syncEverything(options: StartOptions, required: string[] = []) {
  sim = await simulator({ tickets: 120, ...options });
  const registry = new PluginRegistry();
  await registry.add(plugin);
  const sets = registry.streamSets("zendesk");
  const all = sets.flatMap((s) => s.streams);
  const config = configFor(sim);
  const connection = await zendeskSource.connect(config, { clock: systemClock, logger: silentLogger, persistConfig: async () => undefined });
  const destination = new RecordingDestination();
  const sink = new CapturingSink();
  try {
    const outcomes = await runStreams({
      streams: new Map(all.map((s) => [s.spec.name, s])),
      groups: sets.flatMap((s) => s.groups ?? []),
      catalog: defaultConfiguredCatalog(all),
      states: {},
      destination,
      stateStore: new MemoryStateStore(),
      sink,
      connection,
      config,
      clock: systemClock,
      logger: silentLogger,
      concurrency: 3,
      required: new Set(required),
    });
    return { outcomes, destination, sink, streams: all.map((s) => s.spec.name) };
  } finally {
    await connection.close();
  }
}

const statuses = (outcomes: StreamOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.stream, o.status]));

describe("whole-account sync of every Support stream", () => {
  it("Enterprise: every stream succeeds; configuration streams equal the ground truth", { timeout: 120_000 }, async () => {
    const { outcomes, destination, sink, streams } = await syncEverything({ plan: "enterprise" });
    expect(outcomes.map((o) => o.stream).sort()).toEqual([...streams].sort());
    expect(outcomes.filter((o) => o.status !== "succeeded").map((o) => `${o.stream}: ${o.status} ${o.message ?? ""}`)).toEqual([]);
    expect(sink.errors()).toEqual([]);
    for (const stream of configurationStreams) {
      const name = stream.spec.name;
      const truth = nonEmpty(sim!.groundTruth(name as never), `${name}'s ground truth`);
      if (name === "attribute_definitions") expect(destination.records[name]?.length ?? 0).toBe(truth.length);
      else expect(ids(destination.records[name] ?? []), name).toEqual(ids(truth));
    }
    for (const stream of accountDataStreams) {
      const name = stream.spec.name;
      const truth = sim!.groundTruth(name as never);
      // (a small account may have no deleted user yet)
      if (name !== "deleted_users") expect(truth.length, name).toBeGreaterThan(0);
      if (name.startsWith("routing_")) expect(destination.records[name]?.length ?? 0, name).toBe(truth.length);
      else {
        const key = stream.spec.primaryKey[0][0];
        expect(ids(destination.records[name] ?? [], key), name).toEqual(ids(truth, key));
      }
    }
  });

  it.each([
    ["essential", ESSENTIAL_GATED],
    ["professional", ["account_attributes", "attribute_definitions", "audit_logs", "custom_roles", "routing_attributes", "routing_attribute_values", "routing_instance_values"]],
  ] as const)("%s: the sync succeeds; the streams the plan lacks are skipped", { timeout: 120_000 }, async (plan, gated) => {
    const { outcomes, sink } = await syncEverything({ plan, rateLimitDisabled: plan === "essential" });
    const status = statuses(outcomes);
    expect(outcomes.filter((o) => o.status === "failed").map((o) => `${o.stream}: ${o.message}`)).toEqual([]);
    expect(outcomes.filter((o) => o.status === "skipped").map((o) => o.stream).sort()).toEqual([...gated].sort());
    const warns = sink.logs("WARN");
    for (const name of gated) expect(warns.find((w) => w.includes(`"${name}"`)), name).toMatch(/plan|Enterprise|Professional|Team|add-on/);
    expect(sink.errors()).toEqual([]);
  });

  it("Team: the sync succeeds; plan-gated streams are skipped with WARNs naming the missing plan or permission", { timeout: 120_000 }, async () => {
    const { outcomes, sink } = await syncEverything({ plan: "team" });
    const status = statuses(outcomes);
    expect(outcomes.filter((o) => o.status === "failed").map((o) => `${o.stream}: ${o.message}`)).toEqual([]);
    for (const name of TEAM_GATED) expect(status[name], name).toBe("skipped");
    const warns = sink.logs("WARN");
    for (const outcome of outcomes.filter((o) => o.status === "skipped")) {
      const warn = warns.find((w) => w.includes(`"${outcome.stream}"`));
      expect(warn, outcome.stream).toBeDefined();
      expect(warn, outcome.stream).toMatch(/plan|Enterprise|Professional|Growth|permission|admin|add-on/);
    }
    // Streams a Team plan includes are read in full.
    for (const name of [
      "macros", "triggers", "automations", "ticket_fields", "group_memberships", "organization_memberships", "user_fields", "organization_fields", "brands",
      "custom_objects", "custom_object_fields", "custom_object_records", "custom_statuses", "suspended_tickets", "deleted_users", "support_addresses",
    ]) {
      expect(status[name], name).toBe("succeeded");
    }
    expect(sink.errors()).toEqual([]);
  });

  it("Team: a gated stream the user named explicitly fails as a config error instead", { timeout: 120_000 }, async () => {
    const { outcomes, sink } = await syncEverything({ plan: "team" }, ["ticket_forms"]);
    const status = statuses(outcomes);
    expect(status.ticket_forms).toBe("failed");
    expect(status.sla_policies).toBe("skipped");
    const error = sink.errors().find((e) => e.stream === "ticket_forms");
    expect(error?.failure_type).toBe("config_error");
    expect(error?.message).toMatch(/multiple ticket forms/);
  });
});
