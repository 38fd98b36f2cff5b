import { discoverCatalog, PluginRegistry } from "@calabi/kernel";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { plugin } from "../plugin.js";
import { supportStreams } from "./index.js";

/** The streams the plugin contributes to the "zendesk" source, as the CLI sees them. */
async function pluginStreams() {
  const registry = new PluginRegistry();
  await registry.add(plugin);
  return registry.streamSets("zendesk").flatMap((set) => set.streams);
}

describe("discover", () => {
  it("lists every Support stream of the plugin, each with an object JSON Schema", async () => {
    const streams = await pluginStreams();
    const catalog = discoverCatalog(streams);
    expect(catalog.streams.map((s) => s.name)).toEqual(supportStreams.map((s) => s.spec.name).sort());
    for (const stream of catalog.streams) {
      expect(stream.json_schema, stream.name).toMatchObject({ type: "object" });
      expect(Object.keys((stream.json_schema as { properties?: object }).properties ?? {}).length, stream.name).toBeGreaterThan(0);
      expect(stream.supported_sync_modes, stream.name).toContain("full_refresh");
    }
  });

  it("offers every stream module in src/streams (no module left out of supportStreams)", async () => {
    const names = new Set((await pluginStreams()).map((s) => s.spec.name));
    const modules = readdirSync(new URL(".", import.meta.url)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !["index.ts", "configuration.ts"].includes(f));
    expect(modules.length).toBeGreaterThanOrEqual(supportStreams.length - 1);
    for (const file of modules) {
      const exported = Object.values(await import(/* @vite-ignore */ new URL(file, import.meta.url).href)).filter(
        (v): v is { spec: { name: string } } => typeof v === "object" && v !== null && "spec" in v && "read" in v,
      );
      for (const stream of exported) expect(names, `${file} exports ${stream.spec.name}`).toContain(stream.spec.name);
    }
  });

  it("the README's stream table has a row for every Support stream", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Streams"), readme.indexOf("## ", readme.indexOf("## Streams") + 3));
    const rows = new Set(table.split("\n").filter((l) => l.startsWith("| ")).map((l) => l.split("|")[1].trim().replace(/ \(opt-in\)$/, "")));
    const missing = supportStreams.map((s) => s.spec.name).filter((name) => !rows.has(name));
    expect(missing).toEqual([]);
  });

  it("describes the configuration streams as STREAMS.md does (keys, cursors, sync modes)", async () => {
    const catalog = discoverCatalog(await pluginStreams());
    const byName = new Map(catalog.streams.map((s) => [s.name, s]));
    const fullRefresh = ["account_attributes", "attribute_definitions", "automations", "brands", "user_fields"];
    const clientSide = [
      "custom_roles", "group_memberships", "macros", "organization_fields", "organization_memberships", "schedules", "sla_policies",
      "ticket_fields", "ticket_forms", "triggers",
    ];
    for (const name of fullRefresh) expect(byName.get(name)?.supported_sync_modes, name).toEqual(["full_refresh"]);
    for (const name of clientSide) {
      expect(byName.get(name)?.supported_sync_modes, name).toEqual(["full_refresh", "incremental"]);
      expect(byName.get(name)?.default_cursor_field, name).toEqual(["updated_at"]);
    }
    for (const name of [...fullRefresh, ...clientSide].filter((n) => n !== "attribute_definitions")) {
      expect(byName.get(name)?.source_defined_primary_key, name).toEqual([["id"]]);
    }
    expect(byName.get("attribute_definitions")?.source_defined_primary_key).toEqual([]);
  });

  it("describes the account data streams (custom objects, statuses, suspended and deleted records, routing)", async () => {
    const byName = new Map(discoverCatalog(await pluginStreams()).streams.map((s) => [s.name, s]));
    const modes = (name: string) => byName.get(name)?.supported_sync_modes;
    expect(modes("custom_objects")).toEqual(["full_refresh"]);
    expect(byName.get("custom_objects")?.source_defined_primary_key).toEqual([["key"]]);
    expect(modes("custom_object_fields")).toEqual(["full_refresh"]);
    for (const name of ["custom_statuses", "suspended_tickets", "deleted_users", "dynamic_content_items", "support_addresses", "custom_object_records"]) {
      expect(modes(name), name).toEqual(["full_refresh", "incremental"]);
      expect(byName.get(name)?.default_cursor_field, name).toEqual(["updated_at"]);
      expect(byName.get(name)?.source_defined_primary_key, name).toEqual([["id"]]);
    }
    for (const name of ["routing_attributes", "routing_attribute_values", "routing_instance_values"]) {
      expect(byName.get(name)?.default_cursor_field, name).toEqual(["time"]);
      expect(byName.get(name)?.source_defined_primary_key, name).toEqual([["id"], ["type"], ["time"]]);
    }
  });
});
