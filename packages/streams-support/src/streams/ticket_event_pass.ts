/**
 * ticket_events and ticket_comments both read `incremental/ticket_events` (time-based export).
 * ticket_comments asks for `include=comment_events` and `per_page=<page_size>` (unset: adaptive,
 * from 1000 down on timeouts, see adaptive-page.ts) and emits each Comment child event with `ticket_id`, `timestamp` and
 * `via_reference_id` of its parent event (a non-object `via` becomes null). Selected together they
 * share one walk (with the comment sideload), served by `ticketEventsGroup`.
 *
 * A 504 (oversized page) is retried. ticket_comments declares Airbyte's rule for it (STREAMS.md
 * §7.2: exponential backoff factor 10, Retry-After first), which also governs a shared walk;
 * ticket_events read alone retries with the client's normal backoff.
 */
import { exportTimePaginator } from "@calabi/zendesk-common";
import { type ReadContext, type StreamRecord, toUnixSeconds } from "@calabi/kernel";
import { configuredPageSize, PageSize } from "../common/adaptive-page.js";
import { retryOn504, retryOn504Factor10 } from "../common/error-rules.js";
import { recordsAt } from "../common/pages.js";
import { type ExportPass, type PassMember, passGroup } from "../common/shared-pass.js";
import { startSeconds } from "../common/start.js";
import { routedGroupEstimate } from "../plan/routes.js";

/** ticket_comments' pages: the configured `page_size`, else adaptive from the largest (1000). */
export function commentPageSize(ctx: Pick<ReadContext, "config" | "logger">): PageSize {
  return new PageSize({
    param: "per_page",
    max: 1000,
    min: 100,
    fixed: configuredPageSize(ctx.config),
    onResize: (from, to, why) => ctx.logger.info(`ticket_comments: page size ${from} → ${to} (${why})`),
  });
}

export const ticketEventsPass: ExportPass = {
  path: "incremental/ticket_events.json",
  params: (_ctx, members): Record<string, string> => (members.includes("ticket_comments") ? { include: "comment_events" } : {}),
  paginator: (ctx, members) => exportTimePaginator(members.includes("ticket_comments") ? { perPage: configuredPageSize(ctx.config) ?? 1000 } : {}),
  pageSize: (ctx, members) => (members.includes("ticket_comments") ? commentPageSize(ctx) : undefined),
  pageRecords: "ticket_events",
  rules: [retryOn504],
  label: "ticket_events",
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
};

/** The Comment child events of one ticket event, as ticket_comments records. */
export function commentsOfEvent(event: StreamRecord): StreamRecord[] {
  const children = Array.isArray(event.child_events) ? (event.child_events as StreamRecord[]) : [];
  return children
    .filter((c) => c && c.event_type === "Comment")
    .map((c) => ({
      ...c,
      via: c.via !== null && typeof c.via === "object" && !Array.isArray(c.via) ? c.via : null,
      via_reference_id: event.via_reference_id ?? null,
      ticket_id: event.ticket_id,
      timestamp: event.timestamp,
    }));
}

/**
 * In a shared pass the page carries whole comments (`include=comment_events`); ticket_events keeps
 * the form it has when read alone: a Comment child reduced to its stub (`comment_present`,
 * `comment_public`, the event's `via` label), so both ways give the same records.
 */
function withCommentStubs(event: StreamRecord): StreamRecord {
  if (!Array.isArray(event.child_events)) return event;
  const children = (event.child_events as StreamRecord[]).map((c) =>
    c && c.event_type === "Comment" && !("comment_present" in c)
      ? {
          id: c.id,
          via: c.via !== null && typeof c.via === "object" ? (event.via ?? null) : c.via,
          via_reference_id: c.via_reference_id ?? null,
          comment_present: true,
          comment_public: c.public ?? null,
          event_type: "Comment",
        }
      : c,
  );
  return { ...event, child_events: children };
}

export const ticketEventsMember: PassMember = {
  name: "ticket_events",
  cursorField: "timestamp",
  stateFormat: "unix",
  records: (body) => recordsAt("ticket_events")(body).map(withCommentStubs),
  cursorOf: (r) => toUnixSeconds(r.timestamp),
  dedupeAcrossPages: true,
  start: (ctx) => startSeconds(ctx as never),
};

export const ticketCommentsMember: PassMember = {
  name: "ticket_comments",
  cursorField: "created_at",
  stateFormat: "unix",
  records: (body) => recordsAt("ticket_events")(body).flatMap(commentsOfEvent),
  cursorOf: (r) => toUnixSeconds(r.created_at) ?? toUnixSeconds(r.timestamp),
  dedupeAcrossPages: true,
  start: (ctx) => startSeconds(ctx as never),
  rules: [retryOn504Factor10],
};

/** ticket_events + ticket_comments in one walk when both are selected. */
export const ticketEventsGroup = passGroup("ticket_events+ticket_comments", ticketEventsPass, [ticketEventsMember, ticketCommentsMember], (ctx) => {
  const members = [ticketEventsMember, ticketCommentsMember].filter((m) => ctx.members[m.name]);
  const states = Object.fromEntries(members.map((m) => [m.name, { state: ctx.members[m.name].state, cursorField: m.cursorField }]));
  return routedGroupEstimate(members.map((m) => m.name), states, ctx);
});
