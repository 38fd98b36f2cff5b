/** Routes of the ticket-child and export endpoints (ticket events, audits, metrics, side conversations, …). */
import type { Route } from "../simulator.js";
import { activityRoutes } from "./activities.js";
import { auditLogRoutes } from "./audit-logs.js";
import { deletedTicketRoutes } from "./deleted-tickets.js";
import { satisfactionRatingRoutes } from "./satisfaction-ratings.js";
import { searchExportRoutes } from "./search-export.js";
import { sideConversationRoutes } from "./side-conversations.js";
import { skipRoutes } from "./skips.js";
import { ticketAuditRoutes } from "./ticket-audits.js";
import { ticketEventRoutes } from "./ticket-events.js";
import { ticketMetricRoutes } from "./ticket-metrics.js";

export const ticketChildRoutes: Route[] = [
  ...ticketEventRoutes,
  ...ticketAuditRoutes,
  ...ticketMetricRoutes,
  ...sideConversationRoutes,
  ...deletedTicketRoutes,
  ...satisfactionRatingRoutes,
  ...activityRoutes,
  ...skipRoutes,
  ...auditLogRoutes,
  ...searchExportRoutes,
];
