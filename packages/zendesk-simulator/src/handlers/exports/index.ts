/** The export routes: incremental exports (cursor, time-based, samples), ticket events, search export. */
import type { Route } from "../../core/route.js";
import { incrementalRoutes } from "./incremental.js";
import { searchExportRoutes } from "./search-export.js";
import { ticketEventRoutes } from "./ticket-events.js";

export const exportRoutes: Route[] = [...incrementalRoutes, ...ticketEventRoutes, ...searchExportRoutes];
