import { createRequire } from "node:module";
import { type ConnectorPlugin, STREAM_SET } from "@calabi/kernel";
import { helpCenterStreams } from "./streams/index.js";

export const PLUGIN_NAME = "@calabi/streams-help-center";
/** This package's version, read from package.json (one level above both src/ and dist/). */
export const PLUGIN_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** Contributes the Zendesk Help Center streams to the "zendesk" source (@calabi/auth-zendesk). */
export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  kind: "streams",
  register(container) {
    container.register(STREAM_SET, { useValue: { source: "zendesk", plugin: PLUGIN_NAME, streams: helpCenterStreams } });
  },
};
