import type { InjectionToken } from "tsyringe";
import type { Clock } from "./contracts/clock.js";
import type { DestinationFactory } from "./contracts/destination-factory.js";
import type { Logger } from "./contracts/logger.js";
import type { SourceDefinition, StreamSet } from "./contracts/source.js";
import type { StateStore } from "./contracts/state.js";
import type { MessageSink } from "./protocol/messages.js";

/** Symbol.for keys so that two copies of the kernel in one process agree on tokens. */
const token = <T>(name: string): InjectionToken<T> => Symbol.for(`@calabi/kernel/v1:${name}`);

export const CLOCK = token<Clock>("Clock");
export const LOGGER = token<Logger>("Logger");
export const MESSAGE_SINK = token<MessageSink>("MessageSink");
export const STATE_STORE = token<StateStore>("StateStore");
export const SOURCE_DEFINITION = token<SourceDefinition>("SourceDefinition");
export const STREAM_SET = token<StreamSet>("StreamSet");
export const DESTINATION_FACTORY = token<DestinationFactory>("DestinationFactory");
