/**
 * Smaller Support collections derived from tickets, users and ticket history:
 * satisfaction ratings, ticket activities (last 30 days), ticket skips and audit logs.
 * All are pure functions of the account (plus the history), so they follow its mutations.
 */
import { fromIso, toIso } from "../clock.js";
import { Rng } from "../prng.js";
import type { Account } from "./account.js";
import { DAY, apiBase } from "./shape.js";
import { historyOf } from "./ticket-history.js";
import type { JsonObject } from "./users.js";

const caches = new WeakMap<Account, Map<string, { revision: number; value: JsonObject[] }>>();

/** `compute()` once per account revision (and `key`): list endpoints page through one snapshot cheaply. */
export function perRevision(account: Account, key: string, compute: () => JsonObject[]): JsonObject[] {
  let byKey = caches.get(account);
  if (!byKey) caches.set(account, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && hit.revision === account.revision) return hit.value;
  const value = compute();
  byKey.set(key, { revision: account.revision, value });
  return value;
}

export const EXTRA_ID_BASE = { rating: 7_800_000_000_000, activityOffset: 500_000_000_000, skip: 8_100_000_000_000, auditLog: 8_200_000_000_000 } as const;

// ---- satisfaction ratings ------------------------------------------------------

const originalRatings = new WeakMap<Account, Map<number, string>>();

/**
 * One rating per ticket whose `satisfaction_rating` was offered or received. A rating changed by a
 * later ticket update (a customer answering a survey) takes the ticket's `updated_at`.
 */
export function satisfactionRatings(account: Account): JsonObject[] {
  return perRevision(account, "satisfaction_ratings", () => computeRatings(account)).slice();
}

function computeRatings(account: Account): JsonObject[] {
  let originals = originalRatings.get(account);
  if (!originals) {
    originals = new Map();
    for (const t of account.tickets.byId.values()) originals.set(t.id as number, JSON.stringify(t.satisfaction_rating ?? null));
    originalRatings.set(account, originals);
  }
  const out: JsonObject[] = [];
  for (const t of account.tickets.byId.values()) {
    const sr = t.satisfaction_rating as JsonObject | null;
    if (!sr || typeof sr !== "object" || !["offered", "good", "bad"].includes(sr.score as string)) continue;
    const id = t.id as number;
    const created = fromIso(t.created_at as string);
    const updated = fromIso(t.updated_at as string);
    const rng = Rng.for(account.shape.seed, "ticket:satisfaction", id);
    const offeredAt = Math.min(updated, created + rng.int(3600, 3 * DAY));
    const changed = originals.has(id) && originals.get(id) !== JSON.stringify(sr);
    const ratedAt = changed ? updated : sr.score === "offered" ? offeredAt : Math.min(updated, offeredAt + rng.int(60, DAY));
    const ratingId = typeof sr.id === "number" ? sr.id : EXTRA_ID_BASE.rating + id;
    out.push({
      url: `${apiBase(account.shape)}/satisfaction_ratings/${ratingId}.json`,
      id: ratingId,
      assignee_id: t.assignee_id ?? null,
      group_id: t.group_id ?? null,
      requester_id: t.requester_id,
      ticket_id: id,
      score: sr.score,
      created_at: toIso(changed ? Math.min(offeredAt, updated) : offeredAt),
      updated_at: toIso(ratedAt),
      comment: (sr.comment as string | undefined) ?? null,
      ...(sr.reason !== undefined ? { reason: sr.reason, reason_id: sr.reason_id ?? null } : {}),
    });
  }
  return out;
}

// ---- ticket activities ------------------------------------------------------------

/** Activities of the last 30 days: comments by someone else on an agent's assigned tickets. */
export function ticketActivities(account: Account, nowSeconds: number): JsonObject[] {
  return perRevision(account, `activities@${Math.floor(nowSeconds / 60)}`, () => computeActivities(account, nowSeconds)).slice();
}

function computeActivities(account: Account, nowSeconds: number): JsonObject[] {
  const since = nowSeconds - 30 * DAY;
  const out: JsonObject[] = [];
  for (const audit of historyOf(account).all()) {
    const at = fromIso(audit.created_at as string);
    if (at < since) continue;
    const ticket = account.tickets.get(audit.ticket_id as number);
    if (!ticket || ticket.assignee_id == null || ticket.assignee_id === audit.author_id) continue;
    const comment = (audit.events as JsonObject[]).find((e) => e.type === "Comment");
    if (!comment) continue;
    const user = account.users.get(ticket.assignee_id as number);
    const actor = account.users.get(audit.author_id as number);
    if (!user || !actor) continue;
    const id = (audit.id as number) + EXTRA_ID_BASE.activityOffset;
    const body = String(comment.body).slice(0, 40);
    out.push({
      url: `${apiBase(account.shape)}/activities/${id}.json`,
      id,
      title: `${actor.name} commented on ticket #${ticket.id}: ${body}.`,
      verb: "tickets.comment",
      user_id: user.id,
      actor_id: actor.id,
      updated_at: audit.created_at,
      created_at: audit.created_at,
      object: { comment: { value: comment.body, public: comment.public } },
      target: { ticket: { id: ticket.id, subject: ticket.subject } },
      user,
      actor,
    });
  }
  return out;
}

// ---- ticket skips -------------------------------------------------------------------

export function ticketSkips(account: Account): JsonObject[] {
  return perRevision(account, "skips", () => computeSkips(account)).slice();
}

function computeSkips(account: Account): JsonObject[] {
  const out: JsonObject[] = [];
  const agents = account.shape.counts.agents;
  for (const t of account.tickets.byId.values()) {
    const id = t.id as number;
    const rng = Rng.for(account.shape.seed, "ticket:skips", id);
    if (!rng.bool(0.06) || t.status === "deleted") continue;
    const created = fromIso(t.created_at as string);
    const at = rng.int(created, Math.max(created, fromIso(t.updated_at as string)));
    const agentIndex = rng.int(0, agents - 1);
    const agent = [...account.users.byId.values()][agentIndex];
    out.push({
      id: EXTRA_ID_BASE.skip + id,
      ticket_id: id,
      user_id: agent?.id ?? account.owner().id,
      reason: rng.pick(["I don't know the answer", "Needs a specialist", "Customer language", "Another test skip."]),
      created_at: toIso(at),
      updated_at: toIso(at),
      ticket: structuredClone(t),
    });
  }
  return out;
}

// ---- audit logs -------------------------------------------------------------------

/** Account changes an admin could review: user, organization and group creations and edits. */
export function auditLogs(account: Account): JsonObject[] {
  return perRevision(account, "audit_logs", () => computeAuditLogs(account)).slice();
}

function computeAuditLogs(account: Account): JsonObject[] {
  const owner = account.owner();
  const out: JsonObject[] = [];
  const kinds = ["user", "organization", "group"];
  const add = (source: JsonObject, type: string, label: string, action: "create" | "update", at: string) => {
    // Stable per (source, action): the "update" entry is the source's latest edit.
    const id = EXTRA_ID_BASE.auditLog + kinds.indexOf(type) * 10_000_000_000 + ((source.id as number) % 1_000_000_000) * 2 + (action === "update" ? 1 : 0);
    out.push({
      url: `${apiBase(account.shape)}/audit_logs/${id}.json`,
      id,
      action_label: action === "create" ? "Created" : "Updated",
      actor_id: owner.id,
      actor_name: owner.name,
      source_id: source.id,
      source_type: type,
      source_label: `${label}: ${source.name ?? source.id}`,
      action,
      change_description: action === "create" ? `Created ${type}` : `Updated ${type}`,
      ip_address: "203.0.113.10",
      created_at: at,
    });
  };
  const sources: [Iterable<JsonObject>, string, string][] = [
    [account.users.byId.values(), "user", "User"],
    [account.organizations.byId.values(), "organization", "Organization"],
    [account.groups.byId.values(), "group", "Group"],
  ];
  for (const [records, type, label] of sources) {
    for (const r of records) {
      add(r, type, label, "create", r.created_at as string);
      if (r.updated_at && r.updated_at !== r.created_at) add(r, type, label, "update", r.updated_at as string);
    }
  }
  return out;
}
