/** The plugin object the CLI loads: registers the "zendesk" SourceDefinition. */
import { SOURCE_DEFINITION, type ConnectorPlugin } from "@calabi/kernel";
import type { DependencyContainer } from "tsyringe";
import { zendeskSource } from "./source.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PACKAGE_NAME,
  version: PACKAGE_VERSION,
  kind: "source",
  register(container: DependencyContainer): void {
    container.register(SOURCE_DEFINITION, { useValue: zendeskSource });
  },
};
