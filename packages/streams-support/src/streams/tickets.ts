import { countEstimate, defineZendeskStream, exportCursorPaginator, type ZendeskStreamDefinition } from "@calabi/zendesk-common";
import type { Stream, StreamRecord, StreamState } from "@calabi/kernel";
import { ticketSchema } from "../schemas/tickets.js";
import { exportStartTime, startSeconds } from "../common/start.js";

/** Airbyte 5.5.0's one-time backfill boundary: 2026-03-01T00:00:00Z. */
const SEARCH_ERA_BACKFILL = 1772323200;

/** The tickets export as the tickets stream reads it; `ticketsWalk` adds side-loads for streams that share the walk. */
const definition = {
  name: "tickets",
  path: "incremental/tickets/cursor.json",
  // generated_timestamp moves on every change, silent system updates included. Without
  // exclude_deleted the export also reports deletions (status "deleted", generated_timestamp moved):
  // they become deletions, not records, so the tickets output holds no deleted ticket.
  params: {},
  paginator: () => exportCursorPaginator(),
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
  records: "tickets",
  primaryKey: "id",
  schema: ticketSchema,
  incremental: {
    kind: "server",
    cursorField: "generated_timestamp",
    stateFormat: "unix",
    startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
  },
  start: (ctx) => startSeconds(ctx),
  estimate: countEstimate("tickets", 1000),
  deletedAt: (ticket: StreamRecord) => (ticket.status === "deleted" ? String(ticket.updated_at ?? new Date(Number(ticket.generated_timestamp) * 1000).toISOString()) : undefined),
} satisfies ZendeskStreamDefinition;

const stream = defineZendeskStream(definition);

/**
 * The tickets stream's own walk (same requests, records, deletions and state) with `include` side-loads
 * and a records selector that sees the whole page (e.g. to attach each ticket's metric set).
 */
export function ticketsWalk(include: string, records: (body: any) => StreamRecord[]): Stream {
  return defineZendeskStream({ ...definition, params: { ...definition.params, include }, records });
}

/**
 * State written by Airbyte 5.2.0–5.4.x (search-export era) is `{updated_at}`; it becomes
 * `{generated_timestamp: min(updated_at, 2026-03-01)}` so the missed system updates are backfilled.
 */
export function migrateTicketsState(state: StreamState): StreamState {
  if (state.generated_timestamp !== undefined || state.updated_at === undefined) return state;
  const updatedAt = Number.parseInt(String(state.updated_at), 10);
  if (Number.isNaN(updatedAt)) {
    throw new Error(`tickets state {"updated_at": ${JSON.stringify(state.updated_at)}} is not a unix timestamp`);
  }
  return { generated_timestamp: String(Math.min(updatedAt, SEARCH_ERA_BACKFILL)) };
}

export const tickets = { ...stream, migrateState: migrateTicketsState };
