/** The ticket-child and export streams, and the shared passes that serve two of them at once. */
import type { Stream, StreamGroup } from "@calabi/kernel";
import { auditLogs } from "./audit_logs.js";
import { deletedTickets } from "./deleted_tickets.js";
import { satisfactionRatings } from "./satisfaction_ratings.js";
import { sideConversations } from "./side_conversations.js";
import { ticketActivities } from "./ticket_activities.js";
import { ticketAudits } from "./ticket_audits.js";
import { ticketComments } from "./ticket_comments.js";
import { ticketEventsGroup } from "./ticket_event_pass.js";
import { ticketAuditsCommentsGroup } from "./ticket_comment_routes.js";
import { routedGroupEstimate } from "../plan/routes.js";
import { ticketEvents } from "./ticket_events.js";
import { ticketMetricEvents } from "./ticket_metric_events.js";
import { ticketMetrics, ticketsMetricsGroup } from "./ticket_metrics.js";
import { ticketSkips } from "./ticket_skips.js";
import { ticketsSearch } from "./tickets_search.js";
import { userIdentities, usersIdentitiesGroup } from "./user_identities.js";

export {
  auditLogs, deletedTickets, satisfactionRatings, sideConversations, ticketActivities, ticketAudits, ticketComments, ticketEvents,
  ticketEventsGroup, ticketMetricEvents, ticketMetrics, ticketsMetricsGroup, ticketSkips, ticketsSearch, userIdentities, usersIdentitiesGroup,
};

export const ticketChildStreams: Stream<any, any>[] = [
  ticketComments, ticketEvents, ticketMetrics, ticketMetricEvents, ticketAudits, sideConversations, userIdentities,
  deletedTickets, satisfactionRatings, ticketActivities, ticketSkips, auditLogs, ticketsSearch,
];

/** ticket_audits + ticket_comments on a first sync, with its estimate (the comments' route, both members' records). */
const auditsCommentsGroup: StreamGroup = {
  ...ticketAuditsCommentsGroup,
  plan: (ctx) => {
    const names = ["ticket_audits", "ticket_comments"].filter((n) => ctx.members[n]);
    return routedGroupEstimate(names, Object.fromEntries(names.map((n) => [n, { state: ctx.members[n].state, cursorField: "created_at" }])), ctx);
  },
};

/**
 * Shared passes: ticket_events + ticket_comments, ticket_audits + ticket_comments (first sync),
 * users + user_identities, tickets + ticket_metrics (walks at the same place).
 */
export const ticketChildGroups: StreamGroup[] = [ticketEventsGroup, auditsCommentsGroup, usersIdentitiesGroup, ticketsMetricsGroup];
