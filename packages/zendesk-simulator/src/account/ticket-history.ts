/**
 * Per-ticket history: audits (each with Comment/Create/Change events), derived deterministically
 * from the account's tickets. A ticket gets a creation audit, a few updates between `created_at`
 * and `updated_at`, and a last audit at `updated_at`. Mutations are picked up on the next read:
 * every agent/API update (the account's `ticketChanges` log) appends an audit with a comment and
 * the changed fields at the update's second, as Zendesk creates an audit per update. Silent
 * system updates (only `generated_timestamp`) and deletions add no audit. Audits never change once written: an edited ticket keeps the
 * audits of its original version.
 *
 * Nothing is held per ticket at start-up: the (created_at, id) index of every audit is built on
 * first use from the cheap ticket facts and the history's random draws (`planHistory`), 8 bytes
 * an audit; the audits themselves are generated per ticket when a page needs them. Only the
 * histories of edited and new tickets are kept.
 *
 * The same audits feed `/ticket_audits`, `/incremental/ticket_events` (one event per audit, with
 * `child_events`) and the comments of `include=comment_events`.
 */
import { fromIso, toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { Account } from "./account.js";
import { Collection } from "../store/collection.js";
import { LruCache } from "../store/lru.js";
import { PackedIndexBuilder } from "../store/packed-index.js";
import { SENTENCES } from "./vocab.js";
import type { Json, JsonObject } from "../core/types.js";

/**
 * Id ranges of the records derived here (above the account's own ranges in ids.ts). A ticket's
 * generated audits are `audit + ticketId * 16 + slot` (slot 0 creation, 1–3 updates, 15 the last
 * one); audits appended after edits are `audit + APPENDED_OFFSET + n`.
 */
export const HISTORY_ID_BASE = { audit: 7_500_000_000_000, event: 80_000_000_000_000 } as const;
const SLOTS = 16;
const FINAL_SLOT = 15;
const APPENDED_OFFSET = 2 ** 31;

const VIA_LABEL: Record<string, string> = { email: "Mail", web: "Web form", api: "Web service", mobile: "Mobile", voice: "Voice", chat: "Chat" };
const WEB_VIA = (): JsonObject => ({ channel: "web", source: { from: {}, to: {}, rel: null } });

/** Every random draw of a ticket's generated history, in draw order; the record supplies the rest. */
export interface HistoryPlan {
  created: number;
  /** the last audit's second (`updated_at`), when later than `created` */
  final: { at: number; sentence: string } | null;
  updates: { at: number; byAgent: boolean; sentence: string; isPublic: boolean; nextStatus: string | null }[];
}

export function planHistory(seed: number, ticketId: number, createdAt: number, updatedAt: number): HistoryPlan {
  const rng = Rng.for(seed, "ticket:history", ticketId);
  const updated = Math.max(createdAt, updatedAt);
  const count = updated > createdAt + 2 ? rng.int(0, 3) : 0;
  const times: number[] = [];
  for (let k = 0; k < count; k++) times.push(rng.int(createdAt + 1, updated - 1));
  times.sort((a, b) => a - b);
  const updates = times.map((at) => {
    const byAgent = rng.bool(0.6);
    const sentence = rng.pick(SENTENCES);
    const isPublic = rng.bool(0.8);
    const nextStatus = byAgent && rng.bool(0.5) ? rng.pick(["open", "pending", "hold"]) : null;
    return { at, byAgent, sentence, isPublic, nextStatus };
  });
  const final = updated > createdAt ? { at: updated, sentence: rng.pick(SENTENCES) } : null;
  return { created: createdAt, final, updates };
}

/** Ids and seconds of a plan's audits, in order (what the index holds). */
export function plannedAudits(ticketId: number, plan: HistoryPlan): { id: number; at: number }[] {
  const base = HISTORY_ID_BASE.audit + ticketId * SLOTS;
  const out = [{ id: base, at: plan.created }];
  plan.updates.forEach((u, k) => out.push({ id: base + 1 + k, at: u.at }));
  if (plan.final) out.push({ id: base + FINAL_SLOT, at: plan.final.at });
  return out;
}

function fieldsOfCreation(t: JsonObject): [string, Json][] {
  return [
    ["requester_id", String(t.requester_id)],
    ["subject", t.subject],
    ["status", t.status === "deleted" ? "open" : t.status],
    ["priority", t.priority],
    ["tags", t.tags],
  ];
}

/** The audits of tickets, generated on demand; `get(id)` answers any audit id. */
class AuditsById extends Map<number, JsonObject> {
  constructor(private readonly history: TicketHistory) {
    super();
  }
  override get(id: number): JsonObject | undefined {
    const own = super.get(id);
    if (own !== undefined) return own;
    const offset = id - HISTORY_ID_BASE.audit;
    if (!(offset >= 0 && offset < APPENDED_OFFSET)) return undefined;
    return this.history.generatedAudit(Math.floor(offset / SLOTS), id);
  }
  override has(id: number): boolean {
    return this.get(id) !== undefined;
  }
  override get size(): number {
    return this.history.audits.index.size;
  }
}

export class TicketHistory {
  /** Every audit, ordered by (`created_at` second, id). */
  readonly audits: Collection;
  private readonly appendedById: AuditsById;
  /** Audits of edited and new tickets (generated ones plus appended ones). */
  private readonly held = new Map<number, JsonObject[]>();
  private readonly generated = new LruCache<number, JsonObject[]>(4096);
  private revision = -1;
  /** how much of the account's change log is applied */
  private applied = 0;
  private appended = 0;

  constructor(private readonly account: Account) {
    this.appendedById = new AuditsById(this);
    this.audits = new Collection((r) => fromIso(r.created_at as string), this.appendedById, buildIndex(account));
  }

  /**
   * Brings the history up to date with the account's change log: a new ticket gets its generated
   * history (from the version it was created with), every update one appended audit.
   */
  sync(): void {
    if (this.revision === this.account.revision) return;
    this.revision = this.account.revision;
    const changes = this.account.ticketChanges;
    for (; this.applied < changes.length; this.applied++) {
      const { id, before, after } = changes[this.applied];
      let list = this.held.get(id);
      if (!list) {
        const base = this.account.baseTicket(id);
        list = this.generate(base ?? after);
        if (!base) for (const a of list) this.audits.index.insert(fromIso(a.created_at as string), a.id as number);
        this.held.set(id, list);
      }
      if (before === null) continue; // a creation
      const audit = this.appendFor(after, before);
      list.push(audit);
      this.appendedById.set(audit.id as number, audit);
      this.audits.index.insert(fromIso(audit.created_at as string), audit.id as number);
    }
  }

  /** Tickets whose history is held: edited base tickets and new tickets. */
  heldTicketIds(): IterableIterator<number> {
    this.sync();
    return this.held.keys();
  }

  /** The audits of one ticket, oldest first. */
  auditsOf(ticketId: number): JsonObject[] {
    this.sync();
    const held = this.held.get(ticketId);
    if (held) return held;
    return this.generated.through(ticketId, () => {
      const t = this.account.tickets.get(ticketId);
      return t ? this.generate(t) : [];
    });
  }

  /** Every audit in index order (ground truth; walks the whole account). */
  all(): JsonObject[] {
    this.sync();
    return this.audits.all();
  }

  private generate(t: JsonObject): JsonObject[] {
    const plan = this.planOf(t);
    return plannedAudits(t.id as number, plan).map((_, position) => this.buildAudit(t, plan, position));
  }

  /**
   * One audit of a ticket's generated history, by id — what a page needs. Tickets that are not
   * held have no list in memory: only this audit is built.
   */
  generatedAudit(ticketId: number, auditId: number): JsonObject | undefined {
    this.sync();
    const held = this.held.get(ticketId);
    if (held) return held.find((a) => a.id === auditId);
    const cached = this.generated.get(ticketId);
    if (cached) return cached.find((a) => a.id === auditId);
    const t = this.account.tickets.get(ticketId);
    if (!t) return undefined;
    const plan = this.planOf(t);
    const position = plannedAudits(ticketId, plan).findIndex((a) => a.id === auditId);
    return position < 0 ? undefined : this.buildAudit(t, plan, position);
  }

  private planOf(t: JsonObject): HistoryPlan {
    return planHistory(this.account.shape.seed, t.id as number, fromIso(t.created_at as string), fromIso(t.updated_at as string));
  }

  /** Audit `position` of a plan: 0 the creation, then the updates, then the last audit. */
  private buildAudit(t: JsonObject, plan: HistoryPlan, position: number): JsonObject {
    const id = plannedAudits(t.id as number, plan)[position].id;
    const requester = t.requester_id as number;
    const agent = (t.assignee_id as number | null) ?? (this.account.owner().id as number);
    if (position === 0) {
      return this.audit(id, t, plan.created, requester, (t.via as JsonObject) ?? WEB_VIA(), [
        this.comment(requester, (t.description as string) ?? "", true),
        ...fieldsOfCreation(t).map(([field_name, value]) => ({ type: "Create", value, field_name })),
      ]);
    }
    // the status the earlier updates left
    let status = "open";
    for (let k = 0; k < Math.min(position - 1, plan.updates.length); k++) status = plan.updates[k].nextStatus ?? status;
    const u = plan.updates[position - 1];
    if (u) {
      const author = u.byAgent ? agent : requester;
      const events: JsonObject[] = [this.comment(author, u.sentence, u.isPublic)];
      if (u.nextStatus !== null && u.nextStatus !== status) events.push({ type: "Change", value: u.nextStatus, field_name: "status", previous_value: status });
      return this.audit(id, t, u.at, author, WEB_VIA(), events);
    }
    const final = t.status === "deleted" ? "closed" : (t.status as string);
    const events: JsonObject[] = [this.comment(agent, plan.final!.sentence, true)];
    if (final !== status) events.push({ type: "Change", value: final, field_name: "status", previous_value: status });
    return this.audit(id, t, plan.final!.at, agent, WEB_VIA(), events);
  }

  private appendFor(t: JsonObject, before: JsonObject): JsonObject {
    const n = this.appended++;
    const rng = Rng.for(this.account.shape.seed, "ticket:history:appended", n);
    const via = { channel: "api", source: { from: {}, to: {}, rel: null } };
    const author = (t.assignee_id as number | null) ?? (this.account.owner().id as number);
    const events: JsonObject[] = [this.comment(author, rng.pick(SENTENCES), true)];
    for (const field of ["subject", "status", "priority", "assignee_id", "group_id", "type"]) {
      if (JSON.stringify(t[field]) !== JSON.stringify(before[field])) {
        events.push({ type: "Change", value: t[field] == null ? null : typeof t[field] === "number" ? String(t[field]) : t[field], field_name: field, previous_value: before[field] ?? null });
      }
    }
    return this.audit(HISTORY_ID_BASE.audit + APPENDED_OFFSET + n, t, fromIso(t.updated_at as string), author, via, events);
  }

  /** Audit events carry no `via`/`created_at` (recorded audits); the ticket_events sideload adds the audit's. */
  private comment(author: number, body: string, isPublic: boolean): JsonObject {
    const html = `<div class="zd-comment" dir="auto"><p dir="auto">${body.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p></div>`;
    return { type: "Comment", author_id: author, body, html_body: html, plain_body: body, public: isPublic, attachments: [] };
  }

  private audit(id: number, t: JsonObject, at: number, author: number, via: JsonObject, events: JsonObject[]): JsonObject {
    const withIds = events.map((e, j) => {
      const event: JsonObject = { id: HISTORY_ID_BASE.event + (id - HISTORY_ID_BASE.audit) * 32 + j, ...e };
      if (event.type === "Comment") event.audit_id = id;
      return event;
    });
    return {
      id,
      ticket_id: t.id,
      created_at: toIso(at),
      author_id: author,
      metadata: { system: { client: "Mozilla/5.0", ip_address: "203.0.113.10", location: "Paris, France", latitude: 48.86, longitude: 2.35 }, custom: {} },
      events: withIds,
      via,
    };
  }
}

/** The (created_at, id) index of the generated audits of every base ticket, from cheap facts. */
function buildIndex(account: Account) {
  const builder = new PackedIndexBuilder(HISTORY_ID_BASE.audit);
  forEachBasePlan(account, (ticketId, plan) => {
    const base = HISTORY_ID_BASE.audit + ticketId * SLOTS;
    builder.add(plan.created, base);
    for (let k = 0; k < plan.updates.length; k++) builder.add(plan.updates[k].at, base + 1 + k);
    if (plan.final) builder.add(plan.final.at, base + FINAL_SLOT);
  });
  return builder.build();
}

/** The history plan of every base ticket, from the times the account's start-up pass recorded. */
export function forEachBasePlan(account: Account, fn: (ticketId: number, plan: HistoryPlan) => void): void {
  const { seed, counts } = account.shape;
  const { created, updated } = account.baseTicketFacts;
  for (let i = 0; i < counts.tickets; i++) fn(i + 1, planHistory(seed, i + 1, created[i], updated[i]));
}

/** The history plan of one base ticket (as `forEachBasePlan` gives it). */
export function basePlan(account: Account, ticketId: number): HistoryPlan {
  const { created, updated } = account.baseTicketFacts;
  return planHistory(account.shape.seed, ticketId, created[ticketId - 1], updated[ticketId - 1]);
}

/** The history of an account (kept in its slots), synced with its edits. */
export function historyOf(account: Account): TicketHistory {
  const h = account.slots.get(historyOf, () => new TicketHistory(account));
  h.sync();
  return h;
}

/** One `/incremental/ticket_events` record for an audit. */
export function ticketEvent(audit: JsonObject, withComments: boolean): JsonObject {
  const via = audit.via as JsonObject;
  const channel = VIA_LABEL[via.channel as string] ?? "Web form";
  const system = ((audit.metadata as JsonObject).system ?? {}) as JsonObject;
  const children = (audit.events as JsonObject[]).map((e) => {
    if (e.type === "Comment") {
      if (withComments) {
        // the comment's own fields (see `comment`), then the audit's; records are replaced, never
        // mutated, so the audit's via object can be shared
        return {
          id: e.id,
          author_id: e.author_id,
          body: e.body,
          html_body: e.html_body,
          plain_body: e.plain_body,
          public: e.public,
          attachments: e.attachments,
          audit_id: e.audit_id,
          via: audit.via,
          via_reference_id: null,
          type: e.type,
          created_at: audit.created_at,
          event_type: "Comment",
        };
      }
      return { id: e.id, via: channel, via_reference_id: null, comment_present: true, comment_public: e.public, event_type: "Comment" };
    }
    const field = e.field_name as string;
    const out: JsonObject = { id: e.id, via: channel, via_reference_id: null, [field]: e.value, event_type: e.type };
    if (e.type === "Change") out.previous_value = e.previous_value;
    return out;
  });
  return {
    id: audit.id,
    ticket_id: audit.ticket_id,
    timestamp: fromIso(audit.created_at as string),
    created_at: audit.created_at,
    updater_id: audit.author_id,
    via: channel,
    system: { client: system.client ?? null, location: system.location ?? null, latitude: system.latitude ?? null, longitude: system.longitude ?? null },
    event_type: "Audit",
    child_events: children,
  };
}
