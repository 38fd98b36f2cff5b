/**
 * Smaller Support collections derived from tickets, users and ticket history:
 * satisfaction ratings, ticket activities (last 30 days), ticket skips and audit logs.
 * All are pure functions of the account (plus the history), so they follow its mutations.
 *
 * At 1,000,000 tickets none of them is materialised: each is a compact `Table` (../store/sorted-entries.ts)
 * of (created_at, id) entries built once from the base records' cheap facts and patched per account
 * revision with the records written since; the list endpoints seek in it and build only the
 * records of the page (`ratingRecord`, `skipRecord`, `auditLogRecord`, `activityOf`). The functions
 * returning whole arrays (`satisfactionRatings`, …) walk the same tables (ground truth).
 */
import { fromIso, toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { Account } from "./account.js";
import { editedTickets, perAccount, perAccountRevision, ticketAssignee } from "./facts.js";
import { SCORE_CODES, scoreCode } from "./ticket-facts.js";
import { Table, TableBuilder } from "../store/sorted-entries.js";
import { bigId } from "./ids.js";
import { DAY, apiBase } from "./shape.js";
import { historyOf } from "./ticket-history.js";
import { generateTicket } from "./tickets.js";
import { userCount, userId, userTimes } from "./users.js";
import type { JsonObject } from "../core/types.js";

export const EXTRA_ID_BASE = { rating: 7_800_000_000_000, activityOffset: 500_000_000_000, skip: 8_100_000_000_000, auditLog: 8_200_000_000_000 } as const;

/** Every entry of a table, built (the whole-list functions: ground truth). */
function allOf(table: Table, build: (p: number) => JsonObject | undefined): JsonObject[] {
  const out: JsonObject[] = [];
  for (let p = 0; p < table.size; p++) {
    const r = build(p);
    if (r) out.push(r);
  }
  return out;
}

/** The table of base records (built once) merged with the entries of the tickets written since. */
function patchedTicketTable(account: Account, key: string, base: () => Table, entryOf: (t: JsonObject, out: TableBuilder) => void): Table {
  return perAccountRevision(account, key, () => {
    const b = perAccount(account, `${key}:base`, base);
    const edited = new Set(account.editedTicketIds());
    const extra = new TableBuilder(edited.size);
    for (const id of edited) {
      const t = account.tickets.get(id);
      if (t) entryOf(t, extra);
    }
    return Table.merge(b, edited, extra.build());
  });
}

// ---- satisfaction ratings ------------------------------------------------------

const RATED = new Set(["offered", "good", "bad"]);

/** The rating's `created_at` (offered) and `updated_at` (rated) seconds. */
function ratingTimes(account: Account, ticketId: number, created: number, updated: number, score: string, changed: boolean): [number, number] {
  const rng = Rng.for(account.shape.seed, "ticket:satisfaction", ticketId);
  const offeredAt = Math.min(updated, created + rng.int(3600, 3 * DAY));
  if (changed) return [Math.min(offeredAt, updated), updated];
  return [offeredAt, score === "offered" ? offeredAt : Math.min(updated, offeredAt + rng.int(60, DAY))];
}

/**
 * The rating JSON a base ticket was generated with (cached per edited ticket); undefined for new
 * tickets, whose rating counts as their original one.
 */
function originalRating(account: Account, id: number): string | undefined {
  if (!(id >= 1 && id <= account.shape.counts.tickets)) return undefined;
  const cache = perAccount(account, "ratings:originals", () => new Map<number, string>());
  let v = cache.get(id);
  if (v === undefined) cache.set(id, (v = JSON.stringify(generateTicket(account.shape, id - 1, []).record.satisfaction_rating ?? null)));
  return v;
}

/**
 * One entry per ticket whose `satisfaction_rating` was offered or received: key = rating created_at,
 * id = rating id, src = ticket id, val = rating updated_at, code = score (SCORE_CODES).
 */
export function ratingsTable(account: Account): Table {
  return patchedTicketTable(
    account,
    "ratings",
    () => {
      const f = account.baseTicketFacts;
      const b = new TableBuilder(f.count / 2);
      const seed = account.shape.seed;
      for (let i = 0; i < f.count; i++) {
        const score = SCORE_CODES[f.score[i]];
        if (!score || !RATED.has(score)) continue;
        const id = i + 1;
        const [createdAt, ratedAt] = ratingTimes(account, id, f.created[i], f.updated[i], score, false);
        // generated good/bad ratings carry an id (tickets.ts); offered ones get EXTRA_ID_BASE.rating + ticket id
        const ratingId = score === "offered" ? EXTRA_ID_BASE.rating + id : bigId(seed, "attachment", 5_000_000 + i);
        b.push(createdAt, ratingId, id, ratedAt, f.score[i]);
      }
      return b.build();
    },
    (t, out) => {
      const sr = t.satisfaction_rating as JsonObject | null;
      if (!sr || typeof sr !== "object" || !RATED.has(sr.score as string)) return;
      const id = t.id as number;
      // a rating changed since generation (a customer answering a survey) takes the ticket's updated_at
      const original = originalRating(account, id);
      const changed = original !== undefined && original !== JSON.stringify(sr);
      const [createdAt, ratedAt] = ratingTimes(account, id, fromIso(t.created_at as string), fromIso(t.updated_at as string), sr.score as string, changed);
      out.push(createdAt, typeof sr.id === "number" ? sr.id : EXTRA_ID_BASE.rating + id, id, ratedAt, scoreCode(sr.score));
    },
  );
}

/** The rating of entry `p` of `ratingsTable`. */
export function ratingRecord(account: Account, table: Table, p: number): JsonObject {
  const t = account.tickets.get(table.src[p])!;
  const sr = t.satisfaction_rating as JsonObject;
  const ratingId = table.ids[p];
  return {
    url: `${apiBase(account.shape)}/satisfaction_ratings/${ratingId}.json`,
    id: ratingId,
    assignee_id: t.assignee_id ?? null,
    group_id: t.group_id ?? null,
    requester_id: t.requester_id,
    ticket_id: t.id,
    score: sr.score,
    created_at: toIso(table.keys[p]),
    updated_at: toIso(table.val[p]),
    comment: (sr.comment as string | undefined) ?? null,
    ...(sr.reason !== undefined ? { reason: sr.reason, reason_id: sr.reason_id ?? null } : {}),
  };
}

/**
 * One rating per ticket whose `satisfaction_rating` was offered or received. A rating changed by a
 * later ticket update (a customer answering a survey) takes the ticket's `updated_at`.
 * The whole list (ground truth); the endpoint pages `ratingsTable`.
 */
export function satisfactionRatings(account: Account): JsonObject[] {
  const table = ratingsTable(account);
  return allOf(table, (p) => ratingRecord(account, table, p));
}

// ---- ticket activities ------------------------------------------------------------

/** The audit index activities are read from: (created_at seconds, audit id); an activity's id is its audit's + activityOffset. */
export function activityIndex(account: Account) {
  return historyOf(account).audits;
}

/** The activity of an audit: a comment by someone else on an agent's assigned ticket (else undefined). */
export function activityOf(account: Account, audit: JsonObject): JsonObject | undefined {
  const ticket = account.tickets.get(audit.ticket_id as number);
  if (!ticket || ticket.assignee_id == null || ticket.assignee_id === audit.author_id) return undefined;
  const comment = (audit.events as JsonObject[]).find((e) => e.type === "Comment");
  if (!comment) return undefined;
  const user = account.users.get(ticket.assignee_id as number);
  const actor = account.users.get(audit.author_id as number);
  if (!user || !actor) return undefined;
  const id = (audit.id as number) + EXTRA_ID_BASE.activityOffset;
  const body = String(comment.body).slice(0, 40);
  return {
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
  };
}

/**
 * What deciding an activity needs of an audit (author, ticket, whether it has a comment), kept per
 * audit id once the audit was looked at: audits do not change, so counting the 30-day window again
 * after a mutation reads these instead of generating the audits again. Facts of audits of tickets
 * written since are dropped at each revision (their history may be regenerated).
 */
class AuditFacts {
  readonly slots = new Map<number, number>();
  private author = new Float64Array(1024);
  private ticket = new Float64Array(1024);
  private comment = new Uint8Array(1024);
  private n = 0;
  private revision = -1;
  constructor(private readonly account: Account) {}

  private sync(): void {
    if (this.revision === this.account.revision) return;
    this.revision = this.account.revision;
    const edited = editedTickets(this.account);
    if (edited.size) for (const [id, slot] of this.slots) if (edited.has(this.ticket[slot])) this.slots.delete(id);
  }
  private slotOf(auditId: number, known?: JsonObject): number {
    this.sync();
    let slot = this.slots.get(auditId);
    if (slot === undefined) {
      const audit = known ?? activityIndex(this.account).byId.get(auditId)!;
      if (this.n === this.author.length) {
        const grow = <A extends Float64Array | Uint8Array>(x: A): A => {
          const y = new (x.constructor as new (n: number) => A)(x.length * 2);
          y.set(x);
          return y;
        };
        this.author = grow(this.author);
        this.ticket = grow(this.ticket);
        this.comment = grow(this.comment);
      }
      slot = this.n++;
      this.author[slot] = audit.author_id as number;
      this.ticket[slot] = audit.ticket_id as number;
      this.comment[slot] = (audit.events as JsonObject[]).some((e) => e.type === "Comment") ? 1 : 0;
      this.slots.set(auditId, slot);
    }
    return slot;
  }
  /**
   * Whether an audit makes an activity (what `activityOf` decides), without building it: the
   * ticket's assignee comes from base facts unless the ticket was written since start-up, and
   * users are only checked for existence.
   */
  isActivity(auditId: number, audit?: JsonObject): boolean {
    const slot = this.slotOf(auditId, audit);
    if (!this.comment[slot]) return false;
    const author = this.author[slot];
    const assignee = ticketAssignee(this.account, this.ticket[slot]);
    if (assignee == null || assignee === author) return false;
    return this.account.users.byId.has(assignee) && this.account.users.byId.has(author);
  }
}

export function auditFacts(account: Account): AuditFacts {
  return perAccount(account, "activities:audit-facts", () => new AuditFacts(account));
}

/** Activities of the last 30 days: comments by someone else on an agent's assigned tickets (the whole list: ground truth). */
export function ticketActivities(account: Account, nowSeconds: number): JsonObject[] {
  const audits = activityIndex(account);
  const out: JsonObject[] = [];
  for (let p = audits.index.lowerBound(nowSeconds - 30 * DAY, -Infinity); p < audits.index.size; p++) {
    const a = activityOf(account, audits.byId.get(audits.index.idAt(p))!);
    if (a) out.push(a);
  }
  return out;
}

// ---- ticket skips -------------------------------------------------------------------

/** 6% of the tickets that are not deleted: key = skip created_at, id = skip id, src = ticket id. */
export function skipsTable(account: Account): Table {
  const seed = account.shape.seed;
  return patchedTicketTable(
    account,
    "skips",
    () => {
      const f = account.baseTicketFacts;
      const b = new TableBuilder(f.count / 10);
      const deleted = 6; // STATUS_CODES "deleted"
      for (let i = 0; i < f.count; i++) {
        const id = i + 1;
        const rng = Rng.for(seed, "ticket:skips", id);
        if (!rng.bool(0.06) || f.status[i] === deleted) continue;
        b.push(rng.int(f.created[i], Math.max(f.created[i], f.updated[i])), EXTRA_ID_BASE.skip + id, id);
      }
      return b.build();
    },
    (t, out) => {
      const id = t.id as number;
      const rng = Rng.for(seed, "ticket:skips", id);
      if (!rng.bool(0.06) || t.status === "deleted") return;
      const created = fromIso(t.created_at as string);
      out.push(rng.int(created, Math.max(created, fromIso(t.updated_at as string))), EXTRA_ID_BASE.skip + id, id);
    },
  );
}

/** The skip of entry `p` of `skipsTable`. */
export function skipRecord(account: Account, table: Table, p: number): JsonObject {
  const id = table.src[p];
  const t = account.tickets.get(id)!;
  const rng = Rng.for(account.shape.seed, "ticket:skips", id);
  rng.bool(0.06);
  const created = fromIso(t.created_at as string);
  rng.int(created, Math.max(created, fromIso(t.updated_at as string)));
  const agentIndex = rng.int(0, account.shape.counts.agents - 1);
  // the agentIndex-th user of the account: a base agent (agents come first)
  const agent = agentIndex < userCount(account.shape) ? account.users.get(userId(account.shape, agentIndex)) : undefined;
  const at = toIso(table.keys[p]);
  return {
    id: table.ids[p],
    ticket_id: id,
    user_id: agent?.id ?? account.owner().id,
    reason: rng.pick(["I don't know the answer", "Needs a specialist", "Customer language", "Another test skip."]),
    created_at: at,
    updated_at: at,
    ticket: structuredClone(t),
  };
}

/** Every skip (ground truth); the endpoint pages `skipsTable`. */
export function ticketSkips(account: Account): JsonObject[] {
  const table = skipsTable(account);
  return allOf(table, (p) => skipRecord(account, table, p));
}

// ---- audit logs -------------------------------------------------------------------

export const AUDIT_LOG_KINDS = ["user", "organization", "group"] as const;
const AUDIT_LOG_LABELS = ["User", "Organization", "Group"];
const AUDIT_LOG_SOURCES = ["users", "organizations", "groups"] as const;

/** Stable per (source, action): the "update" entry is the source's latest edit. */
const auditLogId = (kind: number, sourceId: number, update: boolean): number =>
  EXTRA_ID_BASE.auditLog + kind * 10_000_000_000 + (sourceId % 1_000_000_000) * 2 + (update ? 1 : 0);

function pushAuditLogs(out: TableBuilder, kind: number, sourceId: number, created: number, updated: number | null): void {
  out.push(created, auditLogId(kind, sourceId, false), sourceId, 0, kind * 2);
  if (updated !== null && updated !== created) out.push(updated, auditLogId(kind, sourceId, true), sourceId, 0, kind * 2 + 1);
}

/**
 * A create entry per user, organization and group, and an update entry when `updated_at` differs
 * from `created_at`: key = the log's created_at, src = source id, code = kind * 2 + (update ? 1 : 0).
 * Base users are indexed once from `userTimes`; organizations and groups (held in memory) per revision.
 */
export function auditLogsTable(account: Account): Table {
  return perAccountRevision(account, "audit_logs", () => {
    const base = perAccount(account, "audit_logs:users", () => {
      const s = account.shape;
      const n = userCount(s);
      const b = new TableBuilder(2 * n);
      for (let i = 0; i < n; i++) {
        const { created, updated } = userTimes(s, i);
        pushAuditLogs(b, 0, userId(s, i), created, updated);
      }
      return b.build();
    });
    const edited = new Set(account.editedUserIds());
    const extra = new TableBuilder(2 * edited.size + 2 * (account.organizations.size + account.groups.size));
    const times = (r: JsonObject): [number, number | null] => [fromIso(r.created_at as string), r.updated_at ? fromIso(r.updated_at as string) : null];
    for (const id of edited) {
      const u = account.users.get(id);
      if (u) pushAuditLogs(extra, 0, id, ...times(u));
    }
    for (const r of account.organizations.byId.values()) pushAuditLogs(extra, 1, r.id as number, ...times(r));
    for (const r of account.groups.byId.values()) pushAuditLogs(extra, 2, r.id as number, ...times(r));
    return Table.merge(base, edited, extra.build());
  });
}

/** The audit log of entry `p` of `auditLogsTable`. */
export function auditLogRecord(account: Account, table: Table, p: number): JsonObject {
  const owner = account.owner();
  const kind = table.code[p] >> 1;
  const update = (table.code[p] & 1) === 1;
  const type = AUDIT_LOG_KINDS[kind];
  const source = account[AUDIT_LOG_SOURCES[kind]].get(table.src[p])!;
  return {
    url: `${apiBase(account.shape)}/audit_logs/${table.ids[p]}.json`,
    id: table.ids[p],
    action_label: update ? "Updated" : "Created",
    actor_id: owner.id,
    actor_name: owner.name,
    source_id: source.id,
    source_type: type,
    source_label: `${AUDIT_LOG_LABELS[kind]}: ${source.name ?? source.id}`,
    action: update ? "update" : "create",
    change_description: update ? `Updated ${type}` : `Created ${type}`,
    ip_address: "203.0.113.10",
    created_at: update ? source.updated_at : source.created_at,
  };
}

/** Account changes an admin could review: user, organization and group creations and edits (ground truth). */
export function auditLogs(account: Account): JsonObject[] {
  const table = auditLogsTable(account);
  return allOf(table, (p) => auditLogRecord(account, table, p));
}
