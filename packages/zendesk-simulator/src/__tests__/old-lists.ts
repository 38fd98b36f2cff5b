/**
 * The list endpoints' previous implementations, which built and sorted the whole list per request
 * (kept verbatim as the ground truth the index-backed endpoints must equal at small sizes).
 */
import { fromIso, toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { Account } from "../account/account.js";
import { DAY, apiBase } from "../account/shape.js";
import { EXTRA_ID_BASE } from "../account/support-extras.js";
import { historyOf } from "../account/ticket-history.js";
import type { JsonObject } from "../core/types.js";

// ---- support lists (handlers/support/lists.ts) ---------------------------------------------

export function refTickets(account: Account, cursor: boolean): JsonObject[] {
  return [...account.tickets.byId.values()]
    .filter((t) => t.status !== "deleted")
    .map((t) => {
      const { generated_timestamp: _g, ...rest } = t;
      if (cursor) delete (rest as JsonObject).fields;
      return rest as JsonObject;
    });
}

export function refUsers(account: Account, roles: string[]): JsonObject[] {
  return [...account.users.byId.values()].filter((u) => u.active !== false && (!roles.length || roles.includes(u.role as string)));
}

export function refOrganizations(account: Account): JsonObject[] {
  return [...account.organizations.byId.values()]
    .filter((o) => o.deleted_at == null)
    .map((o) => {
      const { deleted_at: _d, ...rest } = o;
      return rest as JsonObject;
    });
}

// ---- search export (handlers/search-export.ts) ----------------------------------------------

type Test = (t: JsonObject) => boolean;

function parseQuery(query: string): Test[] {
  const tests: Test[] = [];
  for (const term of query.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(updated_at|created_at)(>=|<=|>|<|:)(.+)$/.exec(term);
    if (m) {
      const [, field, op, raw] = m;
      const value = fromIso(raw);
      const at = (t: JsonObject) => fromIso(t[field] as string);
      tests.push(
        op === ">=" ? (t) => at(t) >= value : op === "<=" ? (t) => at(t) <= value : op === ">" ? (t) => at(t) > value : op === "<" ? (t) => at(t) < value : (t) => at(t) === value,
      );
      continue;
    }
    const s = /^status:(\w+)$/.exec(term);
    if (s) {
      tests.push((t) => t.status === s[1]);
      continue;
    }
    if (/^type:\w+$/.test(term)) continue;
    tests.push((t) => JSON.stringify(t).toLowerCase().includes(term.toLowerCase()));
  }
  return tests;
}

const SOURCES: Record<string, (account: Account) => JsonObject[]> = {
  ticket: (account) => [...account.tickets.byId.values()].filter((t) => t.status !== "deleted"),
  user: (account) => [...account.users.byId.values()].filter((u) => u.active !== false),
  organization: (account) => [...account.organizations.byId.values()].filter((o) => o.deleted_at == null),
  group: (account) => [...account.groups.byId.values()].filter((g) => g.deleted !== true),
};

const changedAt = (r: JsonObject): number => (typeof r.generated_timestamp === "number" ? r.generated_timestamp : fromIso(r.updated_at as string));

/** Every result of a search export, in its order (newest created first, id ascending on ties). */
export function refSearchExport(account: Account, type: string, query: string, indexedBefore: number): JsonObject[] {
  const tests = parseQuery(query);
  return SOURCES[type](account)
    .filter((r) => changedAt(r) <= indexedBefore && tests.every((test) => test(r)))
    .map((r): JsonObject => ({ ...r, result_type: type }))
    .sort((a, b) => fromIso(b.created_at as string) - fromIso(a.created_at as string) || (a.id as number) - (b.id as number));
}

// ---- satisfaction ratings ------------------------------------------------------

const originalRatings = new WeakMap<Account, Map<number, string>>();

/**
 * One rating per ticket whose `satisfaction_rating` was offered or received. A rating changed by a
 * later ticket update (a customer answering a survey) takes the ticket's `updated_at`.
 */
export function refSatisfactionRatings(account: Account): JsonObject[] {
  return computeRatings(account);
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
export function refTicketActivities(account: Account, nowSeconds: number): JsonObject[] {
  return computeActivities(account, nowSeconds);
}

function computeActivities(account: Account, nowSeconds: number): JsonObject[] {
  const since = nowSeconds - 30 * DAY;
  const out: JsonObject[] = [];
  // (was `historyOf(account).all()`, which goes away: the same audits in the same order, via the index)
  const audits = historyOf(account).audits;
  for (let p = 0; p < audits.index.size; p++) {
    const audit = audits.byId.get(audits.index.idAt(p))!;
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

export function refTicketSkips(account: Account): JsonObject[] {
  return computeSkips(account);
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
export function refAuditLogs(account: Account): JsonObject[] {
  return computeAuditLogs(account);
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
