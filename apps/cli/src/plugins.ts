import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ConfigError,
  createKernelContainer,
  discoverPlugins,
  findPluginPackage,
  loadPlugin,
  PluginRegistry,
  type ConnectorPlugin,
  type DestinationFactory,
  type PluginPackage,
  type SourceDefinition,
  type Stream,
  type StreamGroup,
} from "@calabi/kernel";
import type { DependencyContainer } from "tsyringe";
import { errorMessage } from "./errors.js";
import { useOneKernel } from "./one-kernel.js";
import { splitList } from "./inputs.js";

/** The directory of the CLI's own package (where `npm i -g` puts plugins installed beside it). */
export const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface FoundPlugin {
  pkg: PluginPackage;
  plugin?: ConnectorPlugin;
  /** Why the plugin could not be loaded. */
  problem?: string;
}

export interface LoadedPlugins {
  registry: PluginRegistry;
  found: FoundPlugin[];
  /** True when the list came from `--plugins` rather than discovery. */
  explicit: boolean;
}

/**
 * The install command that fits how this CLI was installed: `npm i` when it sits in the
 * node_modules of the current project (a local install), `npm i -g` otherwise (beside a global CLI).
 */
export function installCommand(packages: string[], cliDir = CLI_DIR, cwd = process.cwd()): string {
  const project = resolve(cwd, "node_modules") + sep;
  const local = resolve(cliDir).startsWith(project);
  return `npm i${local ? "" : " -g"} ${packages.join(" ")}`;
}

export function searchDirs(): string[] {
  return [process.cwd(), CLI_DIR];
}

/**
 * Finds plugins (the `--plugins` list, or every installed package with the `calabi-plugin` keyword)
 * and loads them into a registry. With an explicit list any failure is an error; with discovery a
 * broken plugin is reported and left out (it becomes an error only when something needs it).
 */
export async function loadPlugins(pluginsFlag: string | undefined, container?: DependencyContainer): Promise<LoadedPlugins> {
  const specifiers = splitList(pluginsFlag);
  const explicit = specifiers.length > 0;
  let packages: PluginPackage[];
  if (explicit) {
    packages = [];
    for (const specifier of specifiers) {
      const pkg = await findPluginPackage(specifier, searchDirs());
      if (!pkg) {
        const isPath = specifier.startsWith(".") || specifier.startsWith("/");
        throw new ConfigError(
          isPath
            ? `--plugins: no package.json found in ${resolve(specifier)}; a plugin path must be a package directory.`
            : `--plugins: the package ${specifier} is not installed (looked in node_modules above ${process.cwd()} and beside the CLI). Install it with "npm i -g ${specifier}".`,
        );
      }
      packages.push(pkg);
    }
  } else {
    packages = await discoverPlugins(searchDirs());
  }

  useOneKernel(packages.map((pkg) => pkg.dir));
  const registry = new PluginRegistry(container ?? createKernelContainer());
  const found: FoundPlugin[] = [];
  for (const pkg of packages) {
    try {
      const plugin = await loadPlugin(pkg);
      await registry.add(plugin);
      found.push({ pkg, plugin });
    } catch (error) {
      if (explicit) throw error instanceof ConfigError ? error : new ConfigError(errorMessage(error));
      found.push({ pkg, problem: errorMessage(error) });
    }
  }
  return { registry, found, explicit };
}

function brokenNote(loaded: LoadedPlugins, kind: string): string {
  const broken = loaded.found.filter((f) => f.problem && (f.pkg.kind === undefined || f.pkg.kind === kind));
  if (broken.length === 0) return "";
  return ` (Found but could not load: ${broken.map((b) => b.problem).join(" ")})`;
}

/** The source to use: the only one installed, or the one named by `--source`. */
export function selectSource(loaded: LoadedPlugins, name?: string): SourceDefinition {
  const sources = loaded.registry.sources();
  if (name !== undefined) {
    const source = sources.find((s) => s.name === name);
    if (source) return source;
    throw new ConfigError(
      `No source plugin named "${name}" is installed. Installed sources: ${sources.map((s) => s.name).join(", ") || "none"}.${brokenNote(loaded, "source")}`,
    );
  }
  if (sources.length === 1) return sources[0];
  if (sources.length === 0) {
    throw new ConfigError(
      `No source plugin is installed. Install one beside the CLI, e.g. "${installCommand(["@calabi/auth-zendesk", "@calabi/streams-support"])}", or name it with --plugins.${brokenNote(loaded, "source")}`,
    );
  }
  throw new ConfigError(
    `Several source plugins are installed (${sources.map((s) => s.name).join(", ")}); choose one with --source <name>.`,
  );
}

/** Every stream the stream plugins offer for a source, by name (the first plugin offering a name wins). */
export function streamsFor(loaded: LoadedPlugins, source: SourceDefinition): Map<string, Stream<any, any>> {
  const streams = new Map<string, Stream<any, any>>();
  for (const set of loaded.registry.streamSets(source.name)) {
    for (const stream of set.streams) {
      if (!streams.has(stream.spec.name)) streams.set(stream.spec.name, stream);
    }
  }
  if (streams.size === 0) {
    throw new ConfigError(
      `No stream plugin for the "${source.name}" source is installed, so there is nothing to read. Install the stream plugins you need beside the CLI, e.g. "${installCommand(["@calabi/streams-support", "@calabi/streams-help-center", "@calabi/streams-community"])}".${brokenNote(loaded, "streams")}`,
    );
  }
  return streams;
}

/** Shared passes the stream plugins offer for a source (streams reading one endpoint, read once together). */
export function groupsFor(loaded: LoadedPlugins, source: SourceDefinition): StreamGroup[] {
  return loaded.registry.streamSets(source.name).flatMap((set) => set.groups ?? []);
}

/** The destination named by `--destination` (default "jsonl"); an unknown name lists the installed ones. */
export function selectDestination(loaded: LoadedPlugins, name: string): DestinationFactory {
  const destinations = loaded.registry.destinations();
  const factory = destinations.find((d) => d.name === name);
  if (factory) return factory;
  const installed = destinations.map((d) => d.name).sort().join(", ") || "none";
  throw new ConfigError(
    `No "${name}" destination plugin is installed. Installed destinations: ${installed}. Choose one with --destination <name>, or install the plugin beside the CLI (e.g. "npm i -g @calabi/destination-${name}").${brokenNote(loaded, "destination")}`,
  );
}

/** Warnings for discovered plugins that failed to load (printed on stderr). */
export function loadProblems(loaded: LoadedPlugins): string[] {
  return loaded.found.filter((f) => f.problem).map((f) => `Skipping plugin ${f.pkg.name}: ${f.problem}`);
}
