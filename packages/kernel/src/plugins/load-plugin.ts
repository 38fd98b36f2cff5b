import { pathToFileURL } from "node:url";
import type { ConnectorPlugin } from "../contracts/plugin.js";
import { ConfigError } from "../errors.js";
import type { PluginPackage } from "./discover-plugins.js";

const KINDS = new Set(["source", "streams", "destination"]);

/** Imports a discovered plugin package and checks that it honours the plugin contract. */
export async function loadPlugin(pkg: PluginPackage): Promise<ConnectorPlugin> {
  let mod: any;
  try {
    mod = await import(pathToFileURL(pkg.entry).href);
  } catch (error) {
    throw new ConfigError(
      `Plugin ${pkg.name}@${pkg.version} could not be loaded from ${pkg.entry}: ${(error as Error).message}. Is it built and installed?`,
    );
  }
  const plugin = mod.default ?? mod.plugin;
  const problems: string[] = [];
  if (!plugin || typeof plugin !== "object") problems.push("it has no default (or `plugin`) export");
  else {
    if (plugin.apiVersion !== 1) problems.push(`its apiVersion is ${JSON.stringify(plugin.apiVersion)}, this kernel supports 1`);
    if (!KINDS.has(plugin.kind)) problems.push(`its kind ${JSON.stringify(plugin.kind)} is not source, streams or destination`);
    if (typeof plugin.register !== "function") problems.push("it has no register(container) function");
    if (typeof plugin.name !== "string") problems.push("it has no name");
  }
  if (problems.length > 0) {
    throw new ConfigError(`${pkg.name}@${pkg.version} is not a valid Calabi plugin: ${problems.join("; ")}.`);
  }
  return plugin as ConnectorPlugin;
}
