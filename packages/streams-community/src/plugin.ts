import { type ConnectorPlugin, STREAM_SET } from "@calabi/kernel";
import { communityStreams } from "./streams/index.js";

export const PLUGIN_NAME = "@calabi/streams-community";
export const PLUGIN_VERSION = "0.1.0";

/** Contributes the Zendesk Community streams to the "zendesk" source (@calabi/auth-zendesk). */
export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  kind: "streams",
  register(container) {
    container.register(STREAM_SET, { useValue: { source: "zendesk", plugin: PLUGIN_NAME, streams: communityStreams } });
  },
};
