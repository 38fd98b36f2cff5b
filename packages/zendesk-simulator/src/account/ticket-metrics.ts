/**
 * Ticket metrics (one per ticket) and ticket metric events, derived from the tickets and their
 * audits (ticket-history.ts), so they follow every mutation:
 * - a metric's `updated_at` is its ticket's `updated_at`; replies/reopens count the audits;
 * - metric events: `activate` of reply_time / agent_work_time / requester_wait_time at creation,
 *   an `apply_sla` with its SLA, `fulfill` of reply_time at the first agent comment, an
 *   `update_status` at every later audit, and for some tickets a `breach` that was voided
 *   (`deleted: true`: the marker consumers must disregard). Each kind has a fixed id slot per
 *   ticket, so an event keeps its id when later audits add events.
 * Deleted tickets have no metric (the per-ticket endpoint answers 404) but keep their events.
 * Like the audits, metric events are indexed (time, id) on first use from cheap facts and
 * generated per ticket for the page; metrics are generated per ticket.
 */
import { fromIso, toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { Account } from "./account.js";
import { Collection } from "../store/collection.js";
import { LruCache } from "../store/lru.js";
import { PackedIndexBuilder } from "../store/packed-index.js";
import { apiBase } from "./shape.js";
import { basePlan, forEachBasePlan, historyOf, type HistoryPlan } from "./ticket-history.js";
import type { JsonObject } from "../core/types.js";

export const METRIC_ID_BASE = { metric: 7_600_000_000_000, event: 7_700_000_000_000 } as const;

const minutes = (from: number, to: number) => Math.max(0, Math.round((to - from) / 60));
const pair = (calendar: number | null) => ({ calendar, business: calendar === null ? null : Math.round(calendar * 0.4) });

/** The `/ticket_metrics` record of a ticket that is not deleted. */
export function ticketMetric(account: Account, ticket: JsonObject): JsonObject {
  const id = ticket.id as number;
  const audits = historyOf(account).auditsOf(id);
  const created = fromIso(ticket.created_at as string);
  const requester = ticket.requester_id as number;
  const agentAudits = audits.filter((a) => a.author_id !== requester);
  const firstReply = agentAudits.find((a) => (a.events as JsonObject[]).some((e) => e.type === "Comment" && e.public === true));
  const solved = ticket.status === "solved" || ticket.status === "closed";
  const updated = ticket.updated_at as string;
  const reopens = audits.filter((a) => (a.events as JsonObject[]).some((e) => e.field_name === "status" && e.value === "open" && e.previous_value === "solved")).length;
  const assigned = ticket.assignee_id != null ? (audits[1]?.created_at ?? ticket.created_at) : null;
  const firstReplyAt = firstReply ? fromIso(firstReply.created_at as string) : null;
  return {
    url: `${apiBase(account.shape)}/ticket_metrics/${METRIC_ID_BASE.metric + id}.json`,
    id: METRIC_ID_BASE.metric + id,
    ticket_id: id,
    created_at: ticket.created_at,
    updated_at: updated,
    group_stations: ticket.group_id != null ? 1 : 0,
    assignee_stations: ticket.assignee_id != null ? 1 : 0,
    reopens,
    replies: agentAudits.length,
    assignee_updated_at: ticket.assignee_id != null ? (agentAudits.at(-1)?.created_at ?? null) : null,
    requester_updated_at: audits.filter((a) => a.author_id === requester).at(-1)?.created_at ?? ticket.created_at,
    status_updated_at: updated,
    initially_assigned_at: assigned,
    assigned_at: assigned,
    solved_at: solved ? updated : null,
    latest_comment_added_at: audits.at(-1)?.created_at ?? ticket.created_at,
    reply_time_in_minutes: pair(firstReplyAt === null ? null : minutes(created, firstReplyAt)),
    first_resolution_time_in_minutes: pair(solved ? minutes(created, fromIso(updated)) : null),
    full_resolution_time_in_minutes: pair(solved ? minutes(created, fromIso(updated)) : null),
    agent_wait_time_in_minutes: pair(solved ? Math.round(minutes(created, fromIso(updated)) / 3) : null),
    requester_wait_time_in_minutes: pair(solved ? Math.round(minutes(created, fromIso(updated)) / 2) : null),
    on_hold_time_in_minutes: pair(0),
    custom_status_updated_at: updated,
  };
}

/** Metrics of every ticket that is not deleted (ground truth; walks the whole account). */
export function ticketMetrics(account: Account): JsonObject[] {
  const out: JsonObject[] = [];
  for (const t of account.tickets.byId.values()) if (t.status !== "deleted") out.push(ticketMetric(account, t));
  return out;
}

// ---- metric events ------------------------------------------------------------------

const EVENT_SLOTS = 64;
const SLOT = { activate: 0, applySla: 3, fulfill: 4, breach: 5, firstUpdate: 6 } as const;
const ACTIVATED = ["agent_work_time", "requester_wait_time", "reply_time"] as const;
const SLA = { target: 60, business_hours: false, policy: { id: 77, title: "Default", description: null } };

const breaches = (seed: number, ticketId: number) => Rng.for(seed, "ticket:metric-events", ticketId).bool(0.1);
const eventId = (ticketId: number, slot: number) => METRIC_ID_BASE.event + ticketId * EVENT_SLOTS + slot;

/** The metric events of one ticket, from its audits (oldest first). */
export function metricEventsOfTicket(account: Account, ticketId: number, audits: JsonObject[]): JsonObject[] {
  if (audits.length === 0) return [];
  const out: JsonObject[] = [];
  const add = (slot: number, metric: string, type: string, at: string, extra: JsonObject = {}) => {
    if (slot < EVENT_SLOTS) out.push({ id: eventId(ticketId, slot), ticket_id: ticketId, metric, instance_id: 1, type, time: at, ...extra });
  };
  const created = audits[0].created_at as string;
  const requester = audits[0].author_id; // the creation audit is the requester's
  ACTIVATED.forEach((metric, k) => add(SLOT.activate + k, metric, "activate", created));
  add(SLOT.applySla, "reply_time", "apply_sla", created, { sla: structuredClone(SLA) });
  const reply = audits.slice(1).find((a) => a.author_id !== requester);
  if (reply) add(SLOT.fulfill, "reply_time", "fulfill", reply.created_at as string);
  if (breaches(account.shape.seed, ticketId)) add(SLOT.breach, "reply_time", "breach", toIso(fromIso(created) + 3600), { deleted: true });
  audits.slice(1).forEach((a, j) =>
    add(SLOT.firstUpdate + j, "requester_wait_time", "update_status", a.created_at as string, { status: { calendar: minutes(fromIso(created), fromIso(a.created_at as string)), business: 0 } }),
  );
  return out;
}

/** (time, id) of the metric events a generated history produces — the same rules, from the plan. */
function plannedMetricEvents(seed: number, ticketId: number, plan: HistoryPlan, add: (at: number, id: number) => void): void {
  for (let slot = SLOT.activate; slot <= SLOT.applySla; slot++) add(plan.created, eventId(ticketId, slot));
  // updates are by an agent or the requester; the last audit is always an agent's
  const reply = plan.updates.find((u) => u.byAgent)?.at ?? plan.final?.at;
  if (reply !== undefined) add(reply, eventId(ticketId, SLOT.fulfill));
  if (breaches(seed, ticketId)) add(plan.created + 3600, eventId(ticketId, SLOT.breach));
  const later = plan.updates.length + (plan.final ? 1 : 0);
  for (let j = 0; j < later && SLOT.firstUpdate + j < EVENT_SLOTS; j++) add(j < plan.updates.length ? plan.updates[j].at : plan.final!.at, eventId(ticketId, SLOT.firstUpdate + j));
}

/** Every metric event, keyed by its `time` second, generated per ticket when a page asks. */
class MetricEvents {
  readonly collection: Collection;
  private readonly generated = new LruCache<number, JsonObject[]>(2048);
  /** ids already in the index, per edited or new ticket */
  private readonly indexed = new Map<number, Set<number>>();
  private revision = -1;

  constructor(private readonly account: Account) {
    const builder = new PackedIndexBuilder(METRIC_ID_BASE.event);
    const add = (at: number, id: number) => builder.add(at, id);
    forEachBasePlan(account, (ticketId, plan) => plannedMetricEvents(account.shape.seed, ticketId, plan, add));
    const events = this;
    const byId = new (class extends Map<number, JsonObject> {
      override get(id: number): JsonObject | undefined {
        const offset = id - METRIC_ID_BASE.event;
        if (!(offset >= 0)) return undefined;
        return events.eventsOf(Math.floor(offset / EVENT_SLOTS)).find((e) => e.id === id);
      }
      override get size(): number {
        return events.collection.index.size;
      }
    })();
    this.collection = new Collection((r) => fromIso(r.time as string), byId, builder.build());
  }

  /** The events of one ticket; edited and new tickets are recomputed from their current audits. */
  eventsOf(ticketId: number): JsonObject[] {
    if (this.indexed.has(ticketId)) return metricEventsOfTicket(this.account, ticketId, historyOf(this.account).auditsOf(ticketId));
    return this.generated.through(ticketId, () => metricEventsOfTicket(this.account, ticketId, historyOf(this.account).auditsOf(ticketId)));
  }

  /** Index the events edits and new tickets added (events are never removed). */
  sync(): void {
    if (this.revision === this.account.revision) return;
    this.revision = this.account.revision;
    const history = historyOf(this.account);
    for (const ticketId of history.heldTicketIds()) {
      let ids = this.indexed.get(ticketId);
      if (!ids) {
        ids = new Set();
        if (ticketId <= this.account.shape.counts.tickets) plannedMetricEvents(this.account.shape.seed, ticketId, basePlan(this.account, ticketId), (_at, id) => ids!.add(id));
        this.indexed.set(ticketId, ids);
      }
      for (const e of metricEventsOfTicket(this.account, ticketId, history.auditsOf(ticketId))) {
        if (ids.has(e.id as number)) continue;
        ids.add(e.id as number);
        this.collection.index.insert(fromIso(e.time as string), e.id as number);
      }
    }
  }
}

/** Every metric event, keyed by its `time` second (what the time-based export walks). */
export function metricEvents(account: Account): Collection {
  const events = account.slots.get(metricEvents, () => new MetricEvents(account));
  events.sync();
  return events.collection;
}
