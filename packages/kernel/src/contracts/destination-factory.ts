import type { Destination } from "./destination.js";
import type { Logger } from "./logger.js";

export interface DestinationOptions {
  /** Output directory. */
  output: string;
  logger: Logger;
}

export interface DestinationFactory {
  name: string;
  create(options: DestinationOptions): Destination;
}
