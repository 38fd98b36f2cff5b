/**
 * Ticket metrics (one per ticket) and ticket metric events, derived from the tickets and their
 * audits (ticket-history.ts), so they follow every mutation:
 * - a metric's `updated_at` is its ticket's `updated_at`; replies/reopens count the audits;
 * - metric events: `activate` of reply_time / agent_work_time / requester_wait_time at creation,
 *   an `apply_sla` with its SLA, `fulfill` of reply_time at the first agent comment, an
 *   `update_status` at every later audit, and for some tickets a `breach` that was voided
 *   (`deleted: true`: the marker consumers must disregard).
 * Deleted tickets have no metric (the per-ticket endpoint answers 404) but keep their events.
 */
import { fromIso, toIso } from "../clock.js";
import { Rng } from "../prng.js";
import type { Account } from "./account.js";
import { Collection } from "./collection.js";
import { apiBase } from "./shape.js";
import { perRevision } from "./support-extras.js";
import { historyOf } from "./ticket-history.js";
import type { JsonObject } from "./users.js";

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

/** Metrics of every ticket that is not deleted. */
export function ticketMetrics(account: Account): JsonObject[] {
  return perRevision(account, "ticket_metrics", () => {
    const out: JsonObject[] = [];
    for (const t of account.tickets.byId.values()) if (t.status !== "deleted") out.push(ticketMetric(account, t));
    return out;
  }).slice();
}

const cache = new WeakMap<Account, { revision: number; events: Collection }>();

/** Every metric event, keyed by its `time` second (what the time-based export walks). */
export function metricEvents(account: Account): Collection {
  const hit = cache.get(account);
  if (hit && hit.revision === account.revision) return hit.events;
  const history = historyOf(account);
  const records: JsonObject[] = [];
  for (const t of account.tickets.byId.values()) {
    const id = t.id as number;
    const audits = history.auditsOf(id);
    if (audits.length === 0) continue;
    const rng = Rng.for(account.shape.seed, "ticket:metric-events", id);
    const base = METRIC_ID_BASE.event + id * 64;
    let n = 0;
    const add = (metric: string, type: string, at: string, extra: JsonObject = {}) => {
      if (n >= 64) return;
      records.push({ id: base + n++, ticket_id: id, metric, instance_id: 1, type, time: at, ...extra });
    };
    const created = audits[0].created_at as string;
    for (const metric of ["agent_work_time", "requester_wait_time", "reply_time"]) add(metric, "activate", created);
    add("reply_time", "apply_sla", created, { sla: { target: 60, business_hours: false, policy: { id: 77, title: "Default", description: null } } });
    const reply = audits.slice(1).find((a) => a.author_id !== t.requester_id);
    if (reply) add("reply_time", "fulfill", reply.created_at as string);
    if (rng.bool(0.1)) add("reply_time", "breach", toIso(fromIso(created) + 3600), { deleted: true });
    for (const a of audits.slice(1)) add("requester_wait_time", "update_status", a.created_at as string, { status: { calendar: minutes(fromIso(created), fromIso(a.created_at as string)), business: 0 } });
  }
  const events = new Collection((r) => fromIso(r.time as string));
  events.load(records);
  cache.set(account, { revision: account.revision, events });
  return events;
}
