/**
 * `BaseTicketFacts`: times, status, requester, assignee and rating score of every base ticket,
 * recorded by the account's start-up pass (the same `ticketFacts` call that generates a ticket),
 * 14 bytes a ticket, so indexes and filters never generate a record to read them.
 */
import { LazyMap } from "../store/lazy-map.js";
import type { TicketFacts } from "./tickets.js";

// ---- base ticket facts ------------------------------------------------------------

export const STATUS_CODES = ["new", "open", "pending", "hold", "solved", "closed", "deleted"] as const;
export const SCORE_CODES = [null, "unoffered", "offered", "good", "bad"] as const;
export const statusCode = (s: unknown): number => {
  const i = (STATUS_CODES as readonly unknown[]).indexOf(s);
  return i < 0 ? 255 : i;
};
export const scoreCode = (s: unknown): number => {
  const i = (SCORE_CODES as readonly unknown[]).indexOf(s ?? null);
  return i < 0 ? 255 : i;
};

/** What list indexes need of each base ticket (index i = ticket id i + 1), as typed arrays (22 bytes a ticket). */
export class BaseTicketFacts {
  readonly created: Uint32Array;
  readonly updated: Uint32Array;
  readonly generated: Uint32Array;
  readonly status: Uint8Array;
  readonly score: Uint8Array;
  /** assignee id, 0 for none */
  readonly assignee: Float64Array;
  constructor(readonly count: number) {
    this.created = new Uint32Array(count);
    this.updated = new Uint32Array(count);
    this.generated = new Uint32Array(count);
    this.status = new Uint8Array(count);
    this.score = new Uint8Array(count);
    this.assignee = new Float64Array(count);
  }
  set(i: number, f: TicketFacts): void {
    this.created[i] = f.created;
    this.updated[i] = f.updated;
    this.generated[i] = f.generatedTimestamp;
    this.status[i] = statusCode(f.status);
    this.score[i] = scoreCode(f.satisfactionScore);
    this.assignee[i] = f.assigneeId ?? 0;
  }
}

/**
 * Ids of the records of a LazyMap written since start-up (edited base records and new ones):
 * the only records that can differ from what their base facts say. For a plain Map: every id.
 */
export function ownIds(map: Map<number, unknown>): number[] {
  return map instanceof LazyMap ? [...map.heldIds()] : [...map.keys()];
}
