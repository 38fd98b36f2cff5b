/**
 * The route choice of every Support stream whose endpoint depends on the run (saved state, the
 * other selected streams): what `sync` will read, for `calabi plan` to show. Pure functions.
 *
 * - ticket_comments: first sync without ticket_events → the events export up to
 *   `now − ARCHIVE_SAFE_DAYS` plus the audits feed after it (account class); otherwise the export.
 * - ticket_metrics: always the tickets export with metric sets (the `/ticket_metrics` list leaves
 *   out archived tickets), on the tickets stream's own walk when both are selected at one place.
 * - users, organizations: always the exports. Their cursor lists (account class) leave out deleted
 *   users and organizations (and listed organizations carry no `deleted_at`), so they do not yield
 *   the same records on an account with deletions (test/first-sync-routes.test.ts shows it).
 * Every other stream has one endpoint, its own (`Stream.rateClass` names its class).
 */
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { type StreamRoute, type SupportRouteContext, ticketCommentsRoute } from "./streams/ticket_comment_routes.js";
import { ticketMetricsRoute } from "./streams/ticket_metrics.js";

export type { RouteRead, StreamRoute, SupportRouteContext } from "./streams/ticket_comment_routes.js";
export { ARCHIVE_SAFE_DAYS, archiveSafeSince, commentsFromAudits, commentsOfAudit, ticketCommentsRoute } from "./streams/ticket_comment_routes.js";
export { ticketMetricsRoute } from "./streams/ticket_metrics.js";

const exportOnly = (stream: string, endpoint: string) => (): StreamRoute => ({
  stream,
  reads: [{ endpoint, rateClass: RATE_CLASS.incremental }],
  why: "the export: the cursor list leaves out deleted records, so it does not yield the same records",
});

/** Streams whose route depends on the run, by name. */
export const supportRoutes: Record<string, (ctx: SupportRouteContext) => StreamRoute> = {
  ticket_comments: ticketCommentsRoute,
  ticket_metrics: ticketMetricsRoute,
  users: exportOnly("users", "/api/v2/incremental/users/cursor"),
  organizations: exportOnly("organizations", "/api/v2/incremental/organizations"),
};

/**
 * The route `sync` takes for `stream` in a run described by `ctx` (`state`: its saved state, or
 * undefined on a first or full-refresh sync; `selected`: every selected stream; `now`: ms), or
 * undefined for a stream with a single endpoint.
 */
export function firstSyncRoute(stream: string, ctx: SupportRouteContext): StreamRoute | undefined {
  return supportRoutes[stream]?.(ctx);
}
