/**
 * calabi-plugin-github-issues: an example third-party Calabi plugin. It brings a whole source for an
 * API the project knows nothing of (GitHub): its config, connection and streams, on the public
 * exports of @calabi/kernel alone.
 */
import { createRequire } from "node:module";
import { type ConnectorPlugin, SOURCE_DEFINITION, STREAM_SET } from "@calabi/kernel";
import { githubSource, SOURCE_NAME } from "./source.js";
import { streams } from "./streams.js";

export const PLUGIN_NAME = "calabi-plugin-github-issues";
/** Read from package.json, so a release cannot leave the reported version behind. */
export const PLUGIN_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** Registers the "github" source and its streams (a source plugin may contribute streams too). */
export const plugin: ConnectorPlugin = {
  apiVersion: 1,
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  kind: "source",
  register(container) {
    container.register(SOURCE_DEFINITION, { useValue: githubSource });
    container.register(STREAM_SET, { useValue: { source: SOURCE_NAME, plugin: PLUGIN_NAME, streams } });
  },
};

export { githubSource, githubErrorRules, RATE_CLASSES, SOURCE_NAME } from "./source.js";
export { configSchema, parseConfig, type GithubConfig } from "./config.js";
export { issues, comments, streams, issueSchema, commentSchema } from "./streams.js";
export default plugin;
