import { container as rootContainer, type DependencyContainer } from "tsyringe";
import type { ConnectorPlugin } from "../contracts/plugin.js";
import type { DestinationFactory } from "../contracts/destination-factory.js";
import type { SourceDefinition, StreamSet } from "../contracts/source.js";
import { ConfigError } from "../errors.js";
import { DESTINATION_FACTORY, SOURCE_DEFINITION, STREAM_SET } from "../tokens.js";

export interface LoadedPlugin {
  plugin: ConnectorPlugin;
  container: DependencyContainer;
}

/**
 * Each plugin registers into its own child container, so two plugins never share credentials or
 * budgets; the registry then collects what each contributed.
 */
export class PluginRegistry {
  readonly loaded: LoadedPlugin[] = [];

  constructor(private readonly root: DependencyContainer = rootContainer.createChildContainer()) {}

  async add(plugin: ConnectorPlugin): Promise<void> {
    const child = this.root.createChildContainer();
    try {
      await plugin.register(child);
    } catch (error) {
      throw new ConfigError(`Plugin ${plugin.name} failed to register: ${(error as Error).message}`);
    }
    this.loaded.push({ plugin, container: child });
  }

  sources(): SourceDefinition[] {
    return this.collect<SourceDefinition>(SOURCE_DEFINITION);
  }

  streamSets(source?: string): StreamSet[] {
    return this.collect<StreamSet>(STREAM_SET).filter((set) => source === undefined || set.source === source);
  }

  destinations(): DestinationFactory[] {
    return this.collect<DestinationFactory>(DESTINATION_FACTORY);
  }

  private collect<T>(token: symbol | string | any): T[] {
    const out: T[] = [];
    for (const { container } of this.loaded) {
      if (container.isRegistered(token, false)) out.push(...(container.resolveAll<T>(token) as T[]));
    }
    return out;
  }
}
