/**
 * Per-simulator switches for the support endpoints added with the ticket-child streams: agent
 * permissions the authenticated user lacks, the search-index delay, and ticket archiving. Kept beside the
 * simulator (a WeakMap) so the shared option types stay untouched.
 */
import { fromIso } from "../util/clock.js";
import type { Account } from "./account.js";

export type SupportPermission = "view_deleted_tickets" | "manage_suspended_tickets";

export interface SupportAccess {
  denied: Set<SupportPermission>;
  /** Seconds before a ticket change shows in Export Search Results (default 0). */
  searchIndexDelaySeconds: number;
  /**
   * Ticket archiving (ZENDESK-API.md §11): Zendesk archives a ticket once it has been closed for
   * 120 days, and the archived tickets are left out of `/ticket_audits` and `/ticket_metrics` (the
   * exports and the per-ticket endpoints still serve them). Off (undefined) by default, so the lists
   * match the recorded fixtures; a number turns it on, with that many days after closing.
   */
  archiveAfterDays?: number;
}

/** The access settings of a simulator's account (kept in its slots). */
export function supportAccess(sim: { account: Account }): SupportAccess {
  return sim.account.slots.get(supportAccess, (): SupportAccess => ({ denied: new Set(), searchIndexDelaySeconds: 0 }));
}

/** The body Zendesk sends when the user's role lacks access to a page. */
export const NO_ACCESS_BODY = {
  error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." },
};

/**
 * Whether a ticket is archived now (closed, and last updated `archiveAfterDays` or more ago), or
 * undefined when archiving is off.
 */
export function archivedTickets(sim: { account: Account; clock: { nowSeconds(): number } }): ((ticketId: number) => boolean) | undefined {
  const days = supportAccess(sim).archiveAfterDays;
  if (days === undefined) return undefined;
  const cutoff = sim.clock.nowSeconds() - days * 86_400;
  return (ticketId) => {
    const ticket = sim.account.tickets.get(ticketId);
    return ticket?.status === "closed" && fromIso(ticket.updated_at as string) <= cutoff;
  };
}
