/** The plugin wiring: a `DestinationFactory` named "duckdb", registered under DESTINATION_FACTORY. */
import { readFileSync } from "node:fs";
import { DESTINATION_FACTORY, type ConnectorPlugin, type DestinationFactory } from "@calabi/kernel";
import { DuckdbDestination } from "./duckdb-destination.js";

export const PACKAGE_NAME = "@calabi/destination-duckdb";

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
  if (typeof manifest.version !== "string") throw new Error(`${PACKAGE_NAME}: package.json has no version`);
  return manifest.version;
}

export const duckdbDestinationFactory: DestinationFactory = {
  name: "duckdb",
  output: "file",
  create: ({ output, logger }) => new DuckdbDestination({ output, logger }),
};

export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PACKAGE_NAME,
  version: packageVersion(),
  kind: "destination",
  register(container) {
    container.register(DESTINATION_FACTORY, { useValue: duckdbDestinationFactory });
  },
};
