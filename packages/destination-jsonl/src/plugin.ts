/** The plugin wiring: a `DestinationFactory` named "jsonl", registered under DESTINATION_FACTORY. */
import { readFileSync } from "node:fs";
import { DESTINATION_FACTORY, type ConnectorPlugin, type DestinationFactory } from "@calabi/kernel";
import { JsonlDestination } from "./jsonl-destination.js";

export const PACKAGE_NAME = "@calabi/destination-jsonl";

function packageVersion(): string {
  // dist/ and src/ both sit next to package.json, which npm always ships.
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  if (typeof manifest.version !== "string") throw new Error(`${PACKAGE_NAME}: package.json has no version`);
  return manifest.version;
}

export const jsonlDestinationFactory: DestinationFactory = {
  name: "jsonl",
  create: ({ output, logger }) => new JsonlDestination({ output, logger }),
};

export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PACKAGE_NAME,
  version: packageVersion(),
  kind: "destination",
  register(container) {
    container.register(DESTINATION_FACTORY, { useValue: jsonlDestinationFactory });
  },
};
