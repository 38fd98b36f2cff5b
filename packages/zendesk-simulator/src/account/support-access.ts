/**
 * Per-simulator switches for the support endpoints added with the ticket-child streams: agent
 * permissions the authenticated user lacks, and the search-index delay. Kept beside the
 * simulator (a WeakMap) so the shared option types stay untouched.
 */
import type { Account } from "./account.js";

export type SupportPermission = "view_deleted_tickets" | "manage_suspended_tickets";

export interface SupportAccess {
  denied: Set<SupportPermission>;
  /** Seconds before a ticket change shows in Export Search Results (default 0). */
  searchIndexDelaySeconds: number;
}

/** The access settings of a simulator's account (kept in its slots). */
export function supportAccess(sim: { account: Account }): SupportAccess {
  return sim.account.slots.get(supportAccess, (): SupportAccess => ({ denied: new Set(), searchIndexDelaySeconds: 0 }));
}

/** The body Zendesk sends when the user's role lacks access to a page. */
export const NO_ACCESS_BODY = {
  error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." },
};
