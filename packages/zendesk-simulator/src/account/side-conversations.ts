/**
 * Side conversations per ticket (an add-on), derived from the ticket. Some tickets refuse the
 * per-ticket endpoint, as real accounts do: 403 with an EMPTY `text/html` body, 404, or 422
 * "not available for this ticket"; deleted tickets answer 404. Timestamps use the millisecond
 * `+00:00` form real side conversations carry. `addSideConversation` is the mutation tests use.
 */
import { fromIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { Account } from "./account.js";
import { apiBase } from "./shape.js";
import { SENTENCES } from "./vocab.js";
import type { JsonObject } from "../core/types.js";

export type SideConversationRefusal = 403 | 404 | 422;

/** Why a ticket's side conversations cannot be listed, if they cannot. */
export function sideConversationRefusal(account: Account, ticketId: number): SideConversationRefusal | undefined {
  const t = account.tickets.get(ticketId);
  if (!t || t.status === "deleted") return 404;
  if (ticketId % 13 === 4) return 403;
  if (ticketId % 17 === 6) return 422;
  if (ticketId % 19 === 9) return 404;
  return undefined;
}

const msIso = (seconds: number, ms = 0) => new Date(seconds * 1000 + ms).toISOString().replace("Z", "+00:00");

function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-1${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function conversation(account: Account, ticket: JsonObject, rng: Rng, at: number, last: number): JsonObject {
  const id = uuid(rng);
  const agent = account.users.get((ticket.assignee_id as number | null) ?? (account.owner().id as number)) ?? account.owner();
  const state = rng.bool(0.6) ? "closed" : "open";
  const ms = rng.int(0, 999);
  return {
    url: `${apiBase(account.shape)}/tickets/${ticket.id}/side_conversations/${id}`,
    id,
    ticket_id: ticket.id,
    subject: rng.pick(["Ask vendor", "Question for billing", "Escalation to tier 2", "Shipping status"]),
    preview_text: rng.pick(SENTENCES),
    state,
    participants: [{ user_id: agent.id, name: agent.name, email: agent.email }],
    created_at: msIso(at, ms),
    updated_at: msIso(last, ms),
    message_added_at: msIso(last, ms),
    state_updated_at: msIso(last, ms),
    external_ids: {},
  };
}

/** Side conversations added through the control API, per ticket (kept in the account's slots). */
const added = (account: Account): Map<number, JsonObject[]> => account.slots.get(addSideConversation, () => new Map<number, JsonObject[]>());

/** The side conversations of a ticket (whether or not the endpoint refuses it). */
export function sideConversationsOf(account: Account, ticketId: number): JsonObject[] {
  const t = account.tickets.get(ticketId);
  if (!t) return [];
  const rng = Rng.for(account.shape.seed, "ticket:side-conversations", ticketId);
  const out: JsonObject[] = [];
  if (rng.bool(0.3)) {
    const created = fromIso(t.created_at as string);
    const updated = Math.max(created, fromIso(t.updated_at as string));
    for (let k = rng.int(1, 2); k > 0; k--) {
      const at = rng.int(created, updated);
      out.push(conversation(account, t, rng, at, rng.int(at, updated)));
    }
  }
  out.push(...(added(account).get(ticketId) ?? []));
  return out;
}

/** Mutation: a new side conversation on a ticket now; the ticket's generated_timestamp moves. */
export function addSideConversation(account: Account, ticketId: number): JsonObject {
  const t = account.tickets.get(ticketId);
  if (!t) throw new Error(`ticket ${ticketId} not found`);
  const perTicket = added(account);
  const list = perTicket.get(ticketId) ?? [];
  const now = account.systemUpdateTicket(ticketId).generated_timestamp as number;
  const record = conversation(account, t, Rng.for(account.shape.seed, `ticket:side-conversations:added:${ticketId}`, list.length), now, now);
  list.push(record);
  perTicket.set(ticketId, list);
  return structuredClone(record);
}

/** Ground truth: side conversations of every ticket whose endpoint answers. */
export function sideConversationsGroundTruth(account: Account): JsonObject[] {
  const out: JsonObject[] = [];
  for (const id of account.tickets.byId.keys()) if (!sideConversationRefusal(account, id)) out.push(...sideConversationsOf(account, id));
  return out;
}
