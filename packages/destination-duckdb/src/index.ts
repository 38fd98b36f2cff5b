import "reflect-metadata";
import { plugin } from "./plugin.js";

export { plugin, duckdbDestinationFactory, PACKAGE_NAME } from "./plugin.js";
export { DuckdbDestination, type DuckdbDestinationOptions, STATE_TABLE, NEW_TABLE_PREFIX } from "./duckdb-destination.js";
export { columnsOf, columnTypeOf, type Column, type ColumnType, EXTRA, EXTRACTED_AT } from "./columns.js";

export default plugin;
