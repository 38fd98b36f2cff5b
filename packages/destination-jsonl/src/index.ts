import { plugin } from "./plugin.js";

export { plugin, jsonlDestinationFactory, PACKAGE_NAME } from "./plugin.js";
export { JsonlDestination, type JsonlDestinationOptions } from "./jsonl-destination.js";
export { LOCK_FILE } from "./output-lock.js";
export { streamNameProblem, assertSafeStreamName, MAX_STREAM_NAME_BYTES } from "./stream-name.js";
export {
  streamFiles,
  type StreamFiles,
  DATA_SUFFIX,
  STAGING_SUFFIX,
  JOURNAL_SUFFIX,
  COMPACTING_SUFFIX,
  JOURNAL_KEYS_SUFFIX,
  COMPACTION_KEYS_SUFFIX,
} from "./file-layout.js";

export default plugin;
