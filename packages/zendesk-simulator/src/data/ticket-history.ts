/**
 * Per-ticket history: audits (each with Comment/Create/Change events), derived deterministically
 * from the account's tickets. A ticket gets a creation audit, a few updates between `created_at`
 * and `updated_at`, and a last audit at `updated_at`. Mutations are picked up on the next read:
 * when a ticket's `updated_at` has moved past its last audit (an agent edit), an audit with a
 * comment and the changed fields is appended at that second — as Zendesk creates an audit per
 * update. Silent system updates (only `generated_timestamp`) add no audit.
 *
 * The same audits feed `/ticket_audits`, `/incremental/ticket_events` (one event per audit, with
 * `child_events`) and the comments of `include=comment_events`.
 */
import { fromIso, toIso } from "../clock.js";
import { Rng } from "../prng.js";
import type { Account } from "./account.js";
import { Collection } from "./collection.js";
import { SENTENCES } from "./vocab.js";
import type { Json, JsonObject } from "./users.js";

/** Id ranges of the records derived here (above the account's own ranges in ids.ts). */
export const HISTORY_ID_BASE = { audit: 7_500_000_000_000, event: 80_000_000_000_000, appendedAudit: 7_590_000_000_000 } as const;

const VIA_LABEL: Record<string, string> = { email: "Mail", web: "Web form", api: "Web service", mobile: "Mobile", voice: "Voice", chat: "Chat" };

function fieldsOfCreation(t: JsonObject): [string, Json][] {
  return [
    ["requester_id", String(t.requester_id)],
    ["subject", t.subject],
    ["status", t.status === "deleted" ? "open" : t.status],
    ["priority", t.priority],
    ["tags", t.tags],
  ];
}

export class TicketHistory {
  /** Every audit, keyed by its `created_at` second. */
  readonly audits = new Collection((r) => fromIso(r.created_at as string));
  private readonly byTicket = new Map<number, JsonObject[]>();
  /** The ticket fields an appended audit compares against (the version its last audit saw). */
  private readonly seen = new Map<number, JsonObject>();
  private revision = -1;
  private appended = 0;

  constructor(private readonly account: Account) {}

  /** Brings the history up to date with the account (cheap when nothing changed). */
  sync(): void {
    if (this.revision === this.account.revision) return;
    const first = this.revision === -1;
    this.revision = this.account.revision;
    const fresh: JsonObject[] = [];
    for (const t of this.account.tickets.byId.values()) {
      const id = t.id as number;
      let list = this.byTicket.get(id);
      if (!list) {
        list = this.generate(t);
        this.byTicket.set(id, list);
        this.seen.set(id, t);
        fresh.push(...list);
        continue;
      }
      const last = list[list.length - 1];
      if (t.status !== "deleted" && fromIso(t.updated_at as string) > fromIso(last.created_at as string)) {
        const audit = this.appendFor(t, this.seen.get(id) ?? t);
        list.push(audit);
        this.seen.set(id, t);
        fresh.push(audit);
      }
    }
    if (first) this.audits.load(fresh);
    else for (const a of fresh) this.audits.put(a);
  }

  auditsOf(ticketId: number): JsonObject[] {
    this.sync();
    return this.byTicket.get(ticketId) ?? [];
  }

  all(): JsonObject[] {
    this.sync();
    return this.audits.all();
  }

  private generate(t: JsonObject): JsonObject[] {
    const id = t.id as number;
    const rng = Rng.for(this.account.shape.seed, "ticket:history", id);
    const created = fromIso(t.created_at as string);
    const updated = Math.max(created, fromIso(t.updated_at as string));
    const requester = t.requester_id as number;
    const agent = (t.assignee_id as number | null) ?? (this.account.owner().id as number);
    const via = (t.via as JsonObject) ?? { channel: "web", source: { from: {}, to: {}, rel: null } };
    const audits: JsonObject[] = [];
    const base = HISTORY_ID_BASE.audit + id * 16;
    const creation = this.audit(base, t, created, requester, via, [
      this.comment(requester, (t.description as string) ?? "", true),
      ...fieldsOfCreation(t).map(([field_name, value]) => ({ type: "Create", value, field_name })),
    ]);
    audits.push(creation);
    const middle = updated > created + 2 ? rng.int(0, 3) : 0;
    const times: number[] = [];
    for (let k = 0; k < middle; k++) times.push(rng.int(created + 1, updated - 1));
    times.sort((a, b) => a - b);
    let status = "open";
    for (const [k, at] of times.entries()) {
      const byAgent = rng.bool(0.6);
      const events: JsonObject[] = [this.comment(byAgent ? agent : requester, rng.pick(SENTENCES), rng.bool(0.8))];
      if (byAgent && rng.bool(0.5)) {
        const next = rng.pick(["open", "pending", "hold"]);
        if (next !== status) events.push({ type: "Change", value: next, field_name: "status", previous_value: status });
        status = next;
      }
      audits.push(this.audit(base + 1 + k, t, at, byAgent ? agent : requester, { channel: "web", source: { from: {}, to: {}, rel: null } }, events));
    }
    if (updated > created) {
      const final = t.status === "deleted" ? "closed" : (t.status as string);
      const events: JsonObject[] = [this.comment(agent, rng.pick(SENTENCES), true)];
      if (final !== status) events.push({ type: "Change", value: final, field_name: "status", previous_value: status });
      audits.push(this.audit(base + 15, t, updated, agent, { channel: "web", source: { from: {}, to: {}, rel: null } }, events));
    }
    return audits;
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
    return this.audit(HISTORY_ID_BASE.appendedAudit + n, t, fromIso(t.updated_at as string), author, via, events);
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

const histories = new WeakMap<Account, TicketHistory>();

/** The (cached) history of an account. */
export function historyOf(account: Account): TicketHistory {
  let h = histories.get(account);
  if (!h) {
    h = new TicketHistory(account);
    histories.set(account, h);
  }
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
        const { type, ...rest } = e;
        return { ...rest, via: structuredClone(audit.via), via_reference_id: null, type, created_at: audit.created_at, event_type: "Comment" };
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
