import { plugin } from "./plugin.js";

export { plugin };
export * from "./streams/index.js";
export { migrateTicketsState } from "./streams/tickets.js";
export default plugin;
export * from "./routes.js";
