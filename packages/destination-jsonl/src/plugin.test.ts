import { readFileSync } from "node:fs";
import { DESTINATION_FACTORY, type DestinationFactory } from "@calabi/kernel";
import { container } from "tsyringe";
import { describe, expect, it } from "vitest";
import defaultExport, { JsonlDestination, plugin } from "./index.js";
import { memoryLogger } from "./__tests__/helpers.js";

describe("plugin", () => {
  it("is the default and the named export, with the contract's fields", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(defaultExport).toBe(plugin);
    expect(plugin).toMatchObject({
      apiVersion: 1,
      name: "@calabi/destination-jsonl",
      version: manifest.version,
      kind: "destination",
    });
    expect(manifest.name).toBe(plugin.name);
  });

  it("registers a 'jsonl' DestinationFactory that creates a JsonlDestination", async () => {
    const child = container.createChildContainer();
    await plugin.register(child);
    const factory = child.resolve<DestinationFactory>(DESTINATION_FACTORY);
    expect(factory.name).toBe("jsonl");
    const destination = factory.create({ output: "/tmp/never-opened", logger: memoryLogger() });
    expect(destination).toBeInstanceOf(JsonlDestination);
    expect((destination as JsonlDestination).output).toBe("/tmp/never-opened");
  });
});
