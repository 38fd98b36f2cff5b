/** The Support API routes (`/api/v2/…` but exports, Help Center and Community), in match order. */
import type { Route } from "../../core/route.js";
import { accountExtensionRoutes } from "./account-extensions.js";
import { activityRoutes } from "./activities.js";
import { auditLogRoutes } from "./audit-logs.js";
import { configurationRoutes } from "./configuration.js";
import { countRoutes } from "./counts.js";
import { deletedTicketRoutes } from "./deleted-tickets.js";
import { groupRoutes } from "./groups.js";
import { supportListRoutes } from "./lists.js";
import { satisfactionRatingRoutes } from "./satisfaction-ratings.js";
import { sideConversationRoutes } from "./side-conversations.js";
import { skipRoutes } from "./skips.js";
import { tagRoutes } from "./tags.js";
import { ticketAuditRoutes } from "./ticket-audits.js";
import { ticketMetricRoutes } from "./ticket-metrics.js";
import { ticketRoutes } from "./tickets.js";
import { userRoutes } from "./users.js";

export const supportRoutes: Route[] = [
  ...countRoutes,
  ...userRoutes,
  ...ticketRoutes,
  ...groupRoutes,
  ...tagRoutes,
  ...ticketAuditRoutes,
  ...ticketMetricRoutes,
  ...sideConversationRoutes,
  ...deletedTicketRoutes,
  ...satisfactionRatingRoutes,
  ...activityRoutes,
  ...skipRoutes,
  ...auditLogRoutes,
  ...configurationRoutes,
  ...supportListRoutes,
  ...accountExtensionRoutes,
];
