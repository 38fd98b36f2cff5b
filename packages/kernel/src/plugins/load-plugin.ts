import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import semver from "semver";
import type { ConnectorPlugin } from "../contracts/plugin.js";
import { ConfigError } from "../errors.js";
import type { PluginPackage } from "./discover-plugins.js";

const KINDS = new Set(["source", "streams", "destination"]);

/** The plugin API this kernel loads (a plugin's `apiVersion`). */
export const PLUGIN_API_VERSION = 1;
/** This kernel's own version, read from its package.json. */
export const KERNEL_VERSION: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

/**
 * Refuses a plugin built for a kernel this one is not (its declared @calabi/kernel range), before its
 * code runs. Workspace links (`workspace:`, `file:`, `link:`) are not version ranges and pass.
 */
export function checkKernelRange(pkg: PluginPackage, kernelVersion = KERNEL_VERSION): void {
  const range = pkg.kernelRange;
  if (!range || !semver.validRange(range)) return;
  if (semver.satisfies(kernelVersion, range, { includePrerelease: true })) return;
  throw new ConfigError(
    `${pkg.name}@${pkg.version} was built for @calabi/kernel ${range}, but this calabi runs @calabi/kernel ${kernelVersion}. ` +
      `Install a release of the plugin made for this kernel ("npm i -g ${pkg.name}@latest" next to an up-to-date @calabi/cli), or a calabi whose kernel is in ${range}.`,
  );
}

/** Imports a discovered plugin package and checks that it honours the plugin contract. */
export async function loadPlugin(pkg: PluginPackage): Promise<ConnectorPlugin> {
  checkKernelRange(pkg);
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
    if (typeof plugin.apiVersion !== "number") problems.push(`its apiVersion is ${JSON.stringify(plugin.apiVersion)}, this kernel supports ${PLUGIN_API_VERSION}`);
    else if (plugin.apiVersion !== PLUGIN_API_VERSION) {
      throw new ConfigError(
        `${pkg.name}@${pkg.version} was built for plugin API ${JSON.stringify(plugin.apiVersion)}, but this calabi (@calabi/kernel ${KERNEL_VERSION}) loads plugin API ${PLUGIN_API_VERSION}. ` +
          `Install a release of the plugin made for this kernel ("npm i -g ${pkg.name}@latest" next to an up-to-date @calabi/cli), or ask its author to rebuild it against @calabi/kernel ${KERNEL_VERSION}.`,
      );
    }
    if (!KINDS.has(plugin.kind)) problems.push(`its kind ${JSON.stringify(plugin.kind)} is not source, streams or destination`);
    if (typeof plugin.register !== "function") problems.push("it has no register(container) function");
    if (typeof plugin.name !== "string") problems.push("it has no name");
  }
  if (problems.length > 0) {
    throw new ConfigError(`${pkg.name}@${pkg.version} is not a valid Calabi plugin: ${problems.join("; ")}.`);
  }
  return plugin as ConnectorPlugin;
}
