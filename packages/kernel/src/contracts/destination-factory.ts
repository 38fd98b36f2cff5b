import type { Destination } from "./destination.js";
import type { Logger } from "./logger.js";

export interface DestinationOptions {
  /** Output directory, or file for a destination whose `output` is "file". */
  output: string;
  logger: Logger;
}

export interface DestinationFactory {
  name: string;
  /** What `--output` names: a directory (the default) or a single file such as a database. */
  output?: "directory" | "file";
  create(options: DestinationOptions): Destination;
}
