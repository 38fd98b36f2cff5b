import type { DependencyContainer } from "tsyringe";

export type PluginKind = "source" | "streams" | "destination";

/** What a plugin package's default export (or `plugin` export) must be. */
export interface ConnectorPlugin {
  apiVersion: 1;
  name: string;
  version: string;
  kind: PluginKind;
  /** Registers the plugin's contributions (SOURCE_DEFINITION, STREAM_SET or DESTINATION_FACTORY). */
  register(container: DependencyContainer): void | Promise<void>;
}
