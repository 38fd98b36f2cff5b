import { plugin } from "./plugin.js";

export { plugin };
export * from "./streams/index.js";
export default plugin;
