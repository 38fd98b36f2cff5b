/**
 * The run's container. `createKernelContainer()` gives a tsyringe container whose parent holds the
 * kernel's defaults (system clock, silent logger, undici HTTP client, bottleneck budgets, the
 * runner); plugins register their contributions and any replacement services into the container
 * itself; commands add the per-run services with `provide` (a plugin's or test's provider wins);
 * `connectSource` and `runSync` resolve everything they use from it.
 */
// tsyringe needs the Reflect metadata polyfill loaded before it.
import "reflect-metadata";
import { container as globalContainer, type DependencyContainer, type InjectionToken } from "tsyringe";
import { createRateBudget } from "./budget/rate-budget.js";
import type { BudgetWaitEvent } from "./contracts/budget.js";
import type { Connection, SourceDefinition } from "./contracts/source.js";
import { createHttpClient } from "./http/client.js";
import { silentLogger } from "./logging/logger.js";
import { runStreams, type RunStreamsOptions, type StreamOutcome } from "./runner/run-streams.js";
import {
  BUDGET_FACTORY,
  CLOCK,
  CONNECTION,
  DESTINATION,
  FILE_STORE,
  HTTP_CLIENT_FACTORY,
  LOGGER,
  MESSAGE_SINK,
  RUNNER,
  STATE_STORE,
} from "./tokens.js";
import { systemClock } from "./util/system-clock.js";

export function createKernelContainer(parent: DependencyContainer = globalContainer): DependencyContainer {
  const defaults = parent.createChildContainer();
  defaults.register(CLOCK, { useValue: systemClock });
  defaults.register(LOGGER, { useValue: silentLogger });
  defaults.register(HTTP_CLIENT_FACTORY, { useValue: createHttpClient });
  defaults.register(BUDGET_FACTORY, { useValue: createRateBudget });
  defaults.register(RUNNER, { useValue: { run: runStreams } });
  return defaults.createChildContainer();
}

/**
 * Registers `value` for `token` unless the container itself already has a provider (a plugin's or
 * a test's); returns whichever is in effect.
 */
export function provide<T>(container: DependencyContainer, token: InjectionToken<T>, value: T): T {
  if (!container.isRegistered(token, false)) container.register(token, { useValue: value });
  return container.resolve(token);
}

/** `provide` for a value that is costly or has effects to make: `make` runs only when it is used. */
export function provideLazy<T>(container: DependencyContainer, token: InjectionToken<T>, make: () => T): T {
  if (!container.isRegistered(token, false)) container.register(token, { useValue: make() });
  return container.resolve(token);
}

/** The resolved value, or undefined when nothing provides it. */
export function resolveOptional<T>(container: DependencyContainer, token: InjectionToken<T>): T | undefined {
  return container.isRegistered(token, true) ? container.resolve(token) : undefined;
}

export interface ConnectRequest {
  persistConfig(config: Record<string, unknown>): Promise<void>;
  onBudgetWait?(event: BudgetWaitEvent): void;
}

/** Connects a source with the container's clock, logger and factories, and registers the connection. */
export async function connectSource(container: DependencyContainer, source: SourceDefinition, config: unknown, request: ConnectRequest): Promise<Connection> {
  const connection = await source.connect(config, {
    clock: container.resolve(CLOCK),
    logger: container.resolve(LOGGER),
    createHttpClient: container.resolve(HTTP_CLIENT_FACTORY),
    createRateBudget: container.resolve(BUDGET_FACTORY),
    persistConfig: request.persistConfig,
    ...(request.onBudgetWait ? { onBudgetWait: request.onBudgetWait } : {}),
  });
  container.register(CONNECTION, { useValue: connection });
  return connection;
}

/** What a sync needs besides the container's services. */
export type SyncRequest = Omit<RunStreamsOptions, "destination" | "stateStore" | "sink" | "connection" | "clock" | "logger" | "files">;

/** Runs a sync with the container's runner, clock, logger, connection, destination, state store, sink and file store. */
export function runSync(container: DependencyContainer, request: SyncRequest): Promise<StreamOutcome[]> {
  const files = resolveOptional(container, FILE_STORE);
  return container.resolve(RUNNER).run({
    ...request,
    clock: container.resolve(CLOCK),
    logger: container.resolve(LOGGER),
    connection: container.resolve(CONNECTION),
    destination: container.resolve(DESTINATION),
    stateStore: container.resolve(STATE_STORE),
    sink: container.resolve(MESSAGE_SINK),
    ...(files ? { files } : {}),
  });
}
