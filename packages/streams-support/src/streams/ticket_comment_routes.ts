/**
 * Where a sync reads ticket_comments from, and the first-sync route over the audits feed.
 *
 * Comments live in two endpoint families: the ticket events export
 * (`incremental/ticket_events?include=comment_events`, the incremental-exports class: 10 requests a
 * minute, shared by every export) and the audits feed (`/ticket_audits`, the account class: 700 a
 * minute on Enterprise). Both carry the same audits, so the same comments — except that
 * `/ticket_audits` leaves out archived tickets (Zendesk archives a ticket 120 days after it is
 * closed; ZENDESK-API.md §11, USER-NEEDS #37). No audit of an archived ticket is younger than that,
 * so the audits feed is complete from `now − ARCHIVE_SAFE_DAYS` on.
 *
 * A first sync (no saved state) of ticket_comments without ticket_events therefore reads:
 * - the export from the start to the split point (`now − ARCHIVE_SAFE_DAYS`), checkpointing as it
 *   goes (a checkpoint there is behind every comment still to come);
 * - the audits feed, newest first, down to the split point (with ticket_audits when that stream is
 *   selected too: one walk serves both); and only when both are done, the final checkpoint: the
 *   newest comment read (less `LOOKBACK_S`), where the next, incremental run starts on the export.
 * Incremental runs, and runs that also select ticket_events, read the export as before.
 */
import {
  CursorTracker,
  formatCursor,
  type GroupPage,
  type GroupReadContext,
  type GroupRouteContext,
  type ReadContext,
  type RouteContext,
  resumeStart,
  type StreamGroup,
  type StreamRecord,
  type StreamState,
  toUnixSeconds,
} from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { beforeUrlPaginator, exportTimePaginator } from "@calabi/zendesk-common";
import { adaptivePages, configuredPageSize, PageSize } from "../common/adaptive-page.js";
import { failOn, retryOn504Factor10 } from "../common/error-rules.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { exportStartTime, startSeconds } from "../common/start.js";
import { commentsOfEvent } from "./ticket_event_pass.js";

/** Zendesk archives tickets 120 days after they close; 20 days of margin. */
export const ARCHIVE_SAFE_DAYS = 100;
/** The final checkpoint stays this far behind the walk's start (audits written late). */
export const LOOKBACK_S = 60;
/** Largest and smallest pages: `per_page` of the events export and `limit` of the audits feed are ≤ 1000. */
export const MAX_PAGE = 1000;
export const MIN_PAGE = 100;

/** One read of a route: the endpoint, the rate class it waits on, and the time range it covers. */
export interface RouteRead {
  endpoint: string;
  rateClass: string;
  /** Unix seconds; absent: from the stream's start (state or start_date). */
  from?: number;
  /** Unix seconds, exclusive; absent: up to now. */
  until?: number;
}

export interface StreamRoute {
  stream: string;
  reads: RouteRead[];
  /** One sentence: why this route. */
  why: string;
}

/** What the route choice needs: the kernel's route context and the time (ms) of the run. */
export interface SupportRouteContext extends RouteContext {
  now: number;
}

const EVENTS = "/api/v2/incremental/ticket_events";
const AUDITS = "/api/v2/ticket_audits";

/** Whether ticket_comments' first-sync route (export + audits) applies. */
export function commentsFromAudits(ctx: Pick<RouteContext, "state" | "selected">): boolean {
  return ctx.state === undefined && !ctx.selected.has("ticket_events");
}

/** The split point (unix seconds): the audits feed is complete from here on. */
export function archiveSafeSince(now: number): number {
  return Math.floor(now / 1000) - ARCHIVE_SAFE_DAYS * 86_400;
}

/**
 * ticket_comments' route for a run: pure, so `calabi plan` shows what a sync will do. `state` is
 * the saved state (undefined on a first or full-refresh sync), `selected` every selected stream.
 */
export function ticketCommentsRoute(ctx: SupportRouteContext): StreamRoute {
  if (!commentsFromAudits(ctx)) {
    return {
      stream: "ticket_comments",
      reads: [{ endpoint: EVENTS, rateClass: RATE_CLASS.incremental }],
      why: ctx.state !== undefined ? "incremental: the export resumes from the saved state" : "ticket_events is selected: one export walk serves both",
    };
  }
  const split = archiveSafeSince(ctx.now);
  return {
    stream: "ticket_comments",
    reads: [
      { endpoint: EVENTS, rateClass: RATE_CLASS.incremental, until: split },
      { endpoint: AUDITS, rateClass: RATE_CLASS.account, from: split },
    ],
    why: `first sync: comments of the last ${ARCHIVE_SAFE_DAYS} days from the audits feed (account class), older ones (possibly of archived tickets, which the feed leaves out) from the export`,
  };
}

/** A ticket's comments as ticket_comments records, from one audit — the same as `commentsOfEvent` gives. */
export function commentsOfAudit(audit: StreamRecord): StreamRecord[] {
  const events = Array.isArray(audit.events) ? (audit.events as StreamRecord[]) : [];
  const timestamp = toUnixSeconds(audit.created_at) ?? null;
  return events
    .filter((e) => e && e.type === "Comment")
    .map(({ id, type, ...rest }) => {
      const via = rest.via ?? audit.via;
      return {
        id,
        ...rest,
        via: via !== null && typeof via === "object" && !Array.isArray(via) ? via : null,
        via_reference_id: audit.via_reference_id ?? null,
        type,
        created_at: rest.created_at ?? audit.created_at,
        event_type: "Comment",
        ticket_id: audit.ticket_id,
        timestamp,
      };
    });
}

const commentCursor = (r: StreamRecord) => toUnixSeconds(r.created_at) ?? toUnixSeconds(r.timestamp);

/** The comments' export part: the events export from `from` until `until` (exclusive), checkpointing. */
async function* exportPart(ctx: Omit<ReadContext, "state" | "mode">, from: number, until: number, tracker: CursorTracker): AsyncGenerator<GroupPage> {
  if (from >= until) return;
  const size = new PageSize({ param: "per_page", max: MAX_PAGE, min: MIN_PAGE, fixed: configuredPageSize(ctx.config), onResize: resized(ctx, "ticket_comments") });
  const sized = adaptivePages(ctx, size);
  const url = apiUrl(ctx, "incremental/ticket_events.json", { include: "comment_events", start_time: exportStartTime(from, ctx) });
  for await (const page of walkPages(sized, { url, paginator: exportTimePaginator({ perPage: size.current }), records: "ticket_events", rules: [retryOn504Factor10], label: "ticket_comments" })) {
    const comments = recordsAt("ticket_events")(page.body).flatMap(commentsOfEvent).filter((c) => (commentCursor(c) ?? 0) < until);
    yield { records: { ticket_comments: tracker.keep(comments) }, checkpoints: { ticket_comments: tracker.checkpoint() } };
    const end = Number(page.body?.end_time);
    if (Number.isFinite(end) && end >= until) return;
  }
}

const auditRules = [
  failOn([504], "ticket_audits times out on this account; the stream fails (retrying oversized pages rarely helps)"),
  failOn([403, 404], "check permissions (ticket audits need the global read scope) or disable the stream"),
];

/** The audits feed, newest first, down to the oldest start of its members; records per member. */
async function* auditsPart(
  ctx: Omit<ReadContext, "state" | "mode">,
  audits: CursorTracker | undefined,
  comments: CursorTracker,
): AsyncGenerator<GroupPage> {
  const size = new PageSize({ param: "limit", max: MAX_PAGE, min: MIN_PAGE, onResize: resized(ctx, "ticket_audits") });
  const sized = adaptivePages(ctx, size);
  const stopBelow = Math.min(comments.start, audits?.start ?? Infinity);
  const url = apiUrl(ctx, "ticket_audits.json", { sort_by: "created_at", sort_order: "desc" });
  for await (const page of walkPages(sized, { url, paginator: beforeUrlPaginator({ limit: size.current }), records: "audits", rules: auditRules, label: audits ? "ticket_audits" : "ticket_comments" })) {
    const records: Record<string, StreamRecord[]> = { ticket_comments: comments.keep(page.records.flatMap(commentsOfAudit)) };
    if (audits) records.ticket_audits = audits.keep(page.records);
    yield { records };
    const oldest = page.records.at(-1);
    const at = oldest ? toUnixSeconds(oldest.created_at) : undefined;
    if (at !== undefined && at < stopBelow) return;
  }
}

function resized(ctx: Pick<ReadContext, "logger">, label: string) {
  return (from: number, to: number, why: string) => ctx.logger.info(`${label}: page size ${from} → ${to} (${why})`);
}

/** Both parts at once (they wait on different rate classes), pages in the order they arrive. */
async function* merged(parts: AsyncGenerator<GroupPage>[]): AsyncGenerator<GroupPage> {
  const pending = new Map(parts.map((p) => [p, p.next().then((r) => ({ p, r }))]));
  try {
    while (pending.size > 0) {
      const { p, r } = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(p);
        continue;
      }
      pending.set(p, p.next().then((next) => ({ p, r: next })));
      yield r.value;
    }
  } finally {
    // A failure (or an early stop) of one part ends the other; its pending page is dropped, unwritten.
    for (const p of pending.keys()) void p.return(undefined).catch(() => undefined);
  }
}

/**
 * ticket_comments' first sync (and ticket_audits' read when both are selected): the export part
 * and the audits part at once; the final checkpoints only when both are done.
 */
export async function* readCommentsFirstSync(
  ctx: Omit<ReadContext, "state" | "mode">,
  withAudits?: { state: StreamState | undefined },
): AsyncGenerator<GroupPage> {
  const started = Math.floor(ctx.clock.now() / 1000);
  const start = startSeconds(ctx as never);
  const split = Math.max(start, archiveSafeSince(ctx.clock.now()));
  const older = new CursorTracker({ cursorField: "created_at", format: "unix", start, cursorOf: commentCursor, dedupeAcrossPages: true });
  const newer = new CursorTracker({ cursorField: "created_at", format: "unix", start: split, cursorOf: commentCursor, initialMax: undefined });
  const audits = withAudits
    ? new CursorTracker({ cursorField: "created_at", format: "iso", start: resumeStart(withAudits.state, "created_at", start) })
    : undefined;
  yield* merged([exportPart(ctx, start, split, older), auditsPart(ctx, audits, newer)]);
  const newest = newer.max !== undefined ? Math.min(newer.max, Math.max(split, started - LOOKBACK_S)) : undefined;
  const checkpoints: Record<string, StreamState> = {
    ticket_comments: newest !== undefined && newest > (older.max ?? start) ? { created_at: formatCursor(newest, "unix") } : older.checkpoint(),
  };
  if (audits) checkpoints.ticket_audits = audits.checkpoint();
  yield { records: {}, checkpoints };
}

/**
 * ticket_audits + ticket_comments in one audits walk, on a first sync of ticket_comments without
 * ticket_events (the group declines otherwise, and ticket_comments is read alone).
 */
export const ticketAuditsCommentsGroup: StreamGroup = {
  name: "ticket_audits+ticket_comments",
  members: ["ticket_audits", "ticket_comments"],
  accepts: (ctx: GroupRouteContext) =>
    ctx.members.ticket_comments !== undefined && commentsFromAudits({ state: ctx.members.ticket_comments.state, selected: ctx.selected }),
  rateClass: () => RATE_CLASS.incremental,
  read: (ctx: GroupReadContext) => readCommentsFirstSync(ctx, { state: ctx.members.ticket_audits?.state }),
};
