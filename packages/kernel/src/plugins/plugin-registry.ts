import type { DependencyContainer, InjectionToken } from "tsyringe";
import type { ConnectorPlugin } from "../contracts/plugin.js";
import type { DestinationFactory } from "../contracts/destination-factory.js";
import type { SourceDefinition, StreamSet } from "../contracts/source.js";
import { createKernelContainer } from "../container.js";
import { ConfigError } from "../errors.js";
import { DESTINATION_FACTORY, SOURCE_DEFINITION, STREAM_SET } from "../tokens.js";

/**
 * The plugins of a run, registered into the run's container: their contributions (sources, stream
 * sets, destinations) and any service they replace (a clock, a state store, ...). Connections,
 * credentials and budgets are made per `connect`, so plugins never share them by accident.
 */
export class PluginRegistry {
  readonly plugins: ConnectorPlugin[] = [];

  constructor(readonly container: DependencyContainer = createKernelContainer()) {}

  async add(plugin: ConnectorPlugin): Promise<void> {
    try {
      await plugin.register(this.container);
    } catch (error) {
      throw new ConfigError(`Plugin ${plugin.name} failed to register: ${(error as Error).message}`);
    }
    this.plugins.push(plugin);
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

  private collect<T>(token: InjectionToken<T>): T[] {
    return this.container.isRegistered(token, true) ? (this.container.resolveAll<T>(token) as T[]) : [];
  }
}
