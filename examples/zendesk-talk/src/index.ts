/**
 * calabi-plugin-zendesk-talk: an example third-party Calabi plugin. It adds Zendesk Talk streams to
 * the Zendesk source (`@calabi/auth-zendesk`), built from the Zendesk building blocks of
 * `@calabi/zendesk-common` and the kernel's public exports.
 */
import { createRequire } from "node:module";
import { type ConnectorPlugin, STREAM_SET } from "@calabi/kernel";
import { talkStreams } from "./streams.js";

export const PLUGIN_NAME = "calabi-plugin-zendesk-talk";
/** Read from package.json, so a release cannot leave the reported version behind. */
export const PLUGIN_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** Contributes calls, legs and phone_numbers to the "zendesk" source. */
export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  kind: "streams",
  register(container) {
    container.register(STREAM_SET, { useValue: { source: "zendesk", plugin: PLUGIN_NAME, streams: talkStreams } });
  },
};

export { calls, legs, phoneNumbers, talkStreams, callSchema, legSchema, phoneNumberSchema } from "./streams.js";
export { talkExportPaginator, TALK_EXPORT_PAGE } from "./pagination.js";
export default plugin;
