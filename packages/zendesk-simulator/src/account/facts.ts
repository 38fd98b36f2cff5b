/**
 * Caches derived from an account, kept in its slots per account or per account revision: the
 * edited and deleted ticket ids, a ticket's assignee (from its base facts, ./ticket-facts.ts, or its
 * record).
 */
import type { Account } from "./account.js";

// ---- per-revision caches ---------------------------------------------------------------

/** The ids of the tickets written since start-up, per account revision. */
export function editedTickets(account: Account): Set<number> {
  return perAccountRevision(account, "edited-tickets", () => new Set(account.editedTicketIds()));
}

/** A ticket's current assignee id (null: none; undefined: no such ticket), from base facts unless it was written since start-up. */
export function ticketAssignee(account: Account, ticketId: number): number | null | undefined {
  const f = account.baseTicketFacts;
  if (Number.isInteger(ticketId) && ticketId >= 1 && ticketId <= f.count && !editedTickets(account).has(ticketId)) return f.assignee[ticketId - 1] || null;
  const t = account.tickets.get(ticketId);
  return t ? ((t.assignee_id as number | null) ?? null) : undefined;
}

/** `compute()` once per account revision (kept in the account's slots under `key`). */
export function perAccountRevision<T>(account: Account, key: string, compute: () => T): T {
  return account.slots.perRevision(key, account.revision, compute);
}

/** Ids of the tickets whose status is "deleted" (deletion facts plus edited records), per revision. */
export function deletedTicketIds(account: Account): Set<number> {
  return perAccountRevision(account, "list:deleted-tickets", () => {
    const out = new Set<number>();
    for (const [id, meta] of account.ticketMeta) if (meta.deletedAt != null) out.add(id);
    for (const id of account.editedTicketIds()) {
      if (account.tickets.get(id)?.status === "deleted") out.add(id);
      else out.delete(id);
    }
    return out;
  });
}

/** `compute()` once per account (for tables of base records, which never change). */
export function perAccount<T>(account: Account, key: string, compute: () => T): T {
  return account.slots.get(key, compute);
}
