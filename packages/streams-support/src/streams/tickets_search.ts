/**
 * tickets_search (opt-in): Export Search Results over 30-day slices of `updated_at` (granularity
 * 1 s, last slice ends now), read `num_workers` at a time (100 requests/min rate class), emitted
 * in slice order so the state `{updated_at: unix}` only moves past finished slices. The search index
 * lags, holds no deleted tickets and can miss system updates: `ticket_search_lookback_days` re-reads
 * that many days before the saved state. Prefer `tickets` + `deleted_tickets`.
 */
import { searchExportPaginator } from "@calabi/zendesk-common";
import { CursorTracker, mapBounded, type Stream, type StreamRecord, toIsoSeconds, toJsonSchema, toUnixSeconds } from "@calabi/kernel";
import { ticketSearchSchema } from "../schemas/tickets-search.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";

const DAY = 86_400;
export const SEARCH_SLICE_SECONDS = 30 * DAY;

/** [start, end] windows of at most 30 days, inclusive, 1-second granularity. */
export function searchSlices(start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = start; from <= end; from += SEARCH_SLICE_SECONDS) out.push([from, Math.min(end, from + SEARCH_SLICE_SECONDS - 1)]);
  return out;
}

export const ticketsSearch: Stream = {
  spec: { name: "tickets_search", jsonSchema: toJsonSchema(ticketSearchSchema), primaryKey: [["id"]], cursorField: ["updated_at"], optIn: true },
  async *read(ctx) {
    const configured = startSeconds(ctx);
    const saved = toUnixSeconds(ctx.state?.updated_at);
    const lookback = Math.max(0, Number(ctx.config?.ticket_search_lookback_days ?? 0)) * DAY;
    const start = saved === undefined ? configured : Math.max(configured, saved - lookback);
    const end = Math.floor(ctx.clock.now() / 1000);
    const limit = Math.max(1, Number(ctx.config?.num_workers ?? 3));
    // The search filters by the slice bounds; the tracker only follows the highest cursor.
    const cursor = new CursorTracker({ cursorField: "updated_at", format: "unix", start, filterOlder: false, initialMax: saved ?? start });
    const slices = searchSlices(start, end);
    const readSlice = async ([from, to]: [number, number]) => {
      const query = `updated_at>=${toIsoSeconds(from)} updated_at<=${toIsoSeconds(to)}`;
      const url = apiUrl(ctx, "search/export.json", { query, "filter[type]": "ticket" });
      const records: StreamRecord[] = [];
      for await (const page of walkPages(ctx, { url, paginator: searchExportPaginator({ pageSize: 100 }), records: "results", label: "tickets_search" })) {
        records.push(...page.records);
      }
      return records;
    };
    for (let i = 0; i < slices.length; i += limit) {
      const batch = await mapBounded(slices.slice(i, i + limit), limit, ctx.signal, readSlice);
      for (const records of batch) yield { records: cursor.keep(records), checkpoint: cursor.checkpoint() };
    }
    if (slices.length === 0) yield { records: [], checkpoint: cursor.checkpoint() };
  },
};
