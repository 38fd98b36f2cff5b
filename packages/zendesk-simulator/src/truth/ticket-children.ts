/**
 * Ground truth of the ticket-child and export streams: exactly the records a correct connector
 * outputs, newest version of each, sorted by primary key. Data the exports cannot show yet (the
 * last minute) is left out, as the API leaves it out.
 */
import { fromIso } from "../util/clock.js";
import type { Account } from "../account/account.js";
import type { SimClock } from "../util/clock.js";
import { deletedTicketRecord } from "../account/account.js";
import { sideConversationsGroundTruth } from "../account/side-conversations.js";
import { auditLogs, satisfactionRatings, ticketActivities, ticketSkips } from "../account/support-extras.js";
import { historyOf, ticketEvent } from "../account/ticket-history.js";
import { metricEvents, ticketMetrics } from "../account/ticket-metrics.js";
import type { JsonObject } from "../core/types.js";

export const TICKET_CHILD_STREAMS = [
  "ticket_events",
  "ticket_comments",
  "ticket_audits",
  "ticket_metrics",
  "ticket_metric_events",
  "side_conversations",
  "satisfaction_ratings",
  "ticket_activities",
  "ticket_skips",
  "audit_logs",
  "tickets_search",
] as const;
export type TicketChildStream = (typeof TICKET_CHILD_STREAMS)[number];

export function isTicketChildStream(name: string): name is TicketChildStream {
  return (TICKET_CHILD_STREAMS as readonly string[]).includes(name);
}

const byId = (a: JsonObject, b: JsonObject) => (a.id as number) - (b.id as number);
const byKey = (a: JsonObject, b: JsonObject) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

/** The comments of `include=comment_events`, with the parent event's fields copied in. */
export function commentsOf(event: JsonObject): JsonObject[] {
  return (event.child_events as JsonObject[])
    .filter((c) => c.event_type === "Comment")
    .map((c) => ({
      ...c,
      via: c.via && typeof c.via === "object" ? c.via : null,
      via_reference_id: event.via_reference_id ?? null,
      ticket_id: event.ticket_id,
      timestamp: event.timestamp,
    }));
}

/** What the ground truth reads of a simulator: its account, clock and export horizon. */
export interface TruthSource {
  account: Account;
  clock: SimClock;
  /** Unix seconds before which the exports show data. */
  horizon(): number;
}

export function ticketChildGroundTruth(sim: TruthSource, stream: TicketChildStream): JsonObject[] {
  const account = sim.account;
  const horizon = sim.horizon();
  const audits = () => historyOf(account).all().filter((a) => fromIso(a.created_at as string) < horizon);
  switch (stream) {
    case "ticket_events":
      return structuredClone(audits().map((a) => ticketEvent(a, false))).sort(byId);
    case "ticket_comments":
      return structuredClone(audits().flatMap((a) => commentsOf(ticketEvent(a, true)))).sort(byId);
    case "ticket_audits":
      return structuredClone(historyOf(account).all()).sort(byId);
    case "ticket_metrics":
      return ticketMetrics(account).sort(byId);
    case "ticket_metric_events":
      return structuredClone(metricEvents(account).all().filter((e) => fromIso(e.time as string) < horizon)).sort(byId);
    case "side_conversations":
      return sideConversationsGroundTruth(account).sort(byKey);
    case "satisfaction_ratings":
      return satisfactionRatings(account).sort(byId);
    case "ticket_activities":
      return ticketActivities(account, sim.clock.nowSeconds()).sort(byId);
    case "ticket_skips":
      return ticketSkips(account).sort(byId);
    case "audit_logs":
      return auditLogs(account).sort(byId);
    case "tickets_search":
      return [...account.tickets.byId.values()].filter((t) => t.status !== "deleted").map((t) => ({ ...structuredClone(t), result_type: "ticket" })).sort(byId);
  }
}

/** Re-exported for tests that compare deleted_tickets records. */
export { deletedTicketRecord };
export { addSideConversation } from "../account/side-conversations.js";
export { supportAccess, type SupportAccess, type SupportPermission } from "../account/support-access.js";
