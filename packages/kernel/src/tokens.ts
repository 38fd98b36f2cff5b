import type { InjectionToken } from "tsyringe";
import type { RateBudget, RateBudgetOptions } from "./budget/rate-budget.js";
import type { Clock } from "./contracts/clock.js";
import type { Destination } from "./contracts/destination.js";
import type { DestinationFactory } from "./contracts/destination-factory.js";
import type { FileStore } from "./contracts/files.js";
import type { Logger } from "./contracts/logger.js";
import type { Connection, SourceDefinition, StreamSet } from "./contracts/source.js";
import type { StateStore } from "./contracts/state.js";
import type { ConnectionHttpClient, HttpClientOptions } from "./http/client.js";
import type { MessageSink } from "./protocol/messages.js";
import type { RunStreamsOptions, StreamOutcome } from "./runner/run-streams.js";

/** Symbol.for keys so that two copies of the kernel in one process agree on tokens. */
const token = <T>(name: string): InjectionToken<T> => Symbol.for(`@calabi/kernel/v1:${name}`);

/** Builds a connection's HTTP client (a source calls it from `connect`). */
export type HttpClientFactory = (options: HttpClientOptions) => ConnectionHttpClient;
/** Builds a connection's rate budget from its rate classes. */
export type BudgetFactory = (options: RateBudgetOptions) => RateBudget;
/** Runs a sync: the kernel's `runStreams`, unless replaced. */
export interface StreamRunner {
  run(options: RunStreamsOptions): Promise<StreamOutcome[]>;
}

// Services. The kernel provides defaults (createKernelContainer); commands provide the per-run ones;
// plugins and tests replace any of them by registering their own provider.
export const CLOCK = token<Clock>("Clock");
export const LOGGER = token<Logger>("Logger");
export const HTTP_CLIENT_FACTORY = token<HttpClientFactory>("HttpClientFactory");
export const BUDGET_FACTORY = token<BudgetFactory>("BudgetFactory");
export const STATE_STORE = token<StateStore>("StateStore");
export const DESTINATION = token<Destination>("Destination");
export const FILE_STORE = token<FileStore>("FileStore");
export const MESSAGE_SINK = token<MessageSink>("MessageSink");
export const CONNECTION = token<Connection>("Connection");
export const RUNNER = token<StreamRunner>("Runner");

// Contributions: plugins register these (several of each may be registered).
export const SOURCE_DEFINITION = token<SourceDefinition>("SourceDefinition");
export const STREAM_SET = token<StreamSet>("StreamSet");
export const DESTINATION_FACTORY = token<DestinationFactory>("DestinationFactory");
