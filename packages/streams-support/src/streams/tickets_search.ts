/**
 * tickets_search (opt-in): Export Search Results over 30-day slices of `updated_at` (granularity
 * 1 s, last slice ends now), read `num_workers` at a time (100 requests/min rate class), emitted
 * in slice order so the state `{updated_at: unix}` only moves past finished slices. The search index
 * lags, holds no deleted tickets and can miss system updates: `ticket_search_lookback_days` re-reads
 * that many days before the saved state. Prefer `tickets` + `deleted_tickets`.
 */
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { searchExportPaginator, zendeskSearchCount } from "@calabi/zendesk-common";
import { CursorTracker, mapBounded, type ReadContext, type Stream, type StreamRecord, toIsoSeconds, toJsonSchema, toUnixSeconds } from "@calabi/kernel";
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

const PAGE_SIZE = 100;

/** The window a read covers: from start_date (or the saved state minus the lookback) to now. */
function searchWindow(ctx: Pick<ReadContext, "config" | "state" | "clock">): { start: number; end: number; saved: number | undefined } {
  const configured = startSeconds(ctx);
  const saved = toUnixSeconds(ctx.state?.updated_at);
  const lookback = Math.max(0, Number(ctx.config?.ticket_search_lookback_days ?? 0)) * DAY;
  const start = saved === undefined ? configured : Math.max(configured, saved - lookback);
  return { start, end: Math.floor(ctx.clock.now() / 1000), saved };
}

const sliceUrl = (ctx: Pick<ReadContext, "baseUrl">, [from, to]: [number, number]) =>
  apiUrl(ctx, "search/export.json", { query: `updated_at>=${toIsoSeconds(from)} updated_at<=${toIsoSeconds(to)}`, "filter[type]": "ticket" });

const workers = (ctx: Pick<ReadContext, "config">) => Math.max(1, Number(ctx.config?.num_workers ?? 3));

export const ticketsSearch: Stream = {
  spec: { name: "tickets_search", jsonSchema: toJsonSchema(ticketSearchSchema), primaryKey: [["id"]], cursorField: ["updated_at"], optIn: true },
  rateClass: () => RATE_CLASS.searchExport,
  /** Sized by Show Results Count over the whole window: each slice's pages, at least one a slice. */
  async plan(ctx) {
    const { start, end } = searchWindow(ctx);
    const slices = searchSlices(start, end);
    const records = await zendeskSearchCount(ctx, `type:ticket updated_at>=${toIsoSeconds(start)} updated_at<=${toIsoSeconds(end)}`);
    // A slice of n results takes ceil(n / 100) pages (one when empty): on average n / 100 + 1/2.
    const requests = records === undefined ? slices.length : Math.max(slices.length, Math.round(records / PAGE_SIZE + slices.length / 2));
    return {
      route: "/api/v2/search/export.json",
      ...(records !== undefined ? { records } : {}),
      batches: [{ url: sliceUrl(ctx, slices[0] ?? [start, end]), requests, parallel: Math.min(workers(ctx), Math.max(1, slices.length)) }],
      basis: records !== undefined ? `search count, ${slices.length} slices of 30 days` : `${slices.length} slices of 30 days (no search count)`,
    };
  },
  async *read(ctx) {
    const { start, end, saved } = searchWindow(ctx);
    const limit = workers(ctx);
    // The search filters by the slice bounds; the tracker only follows the highest cursor.
    const cursor = new CursorTracker({ cursorField: "updated_at", format: "unix", start, filterOlder: false, initialMax: saved ?? start });
    const slices = searchSlices(start, end);
    const readSlice = async (slice: [number, number]) => {
      const records: StreamRecord[] = [];
      for await (const page of walkPages(ctx, { url: sliceUrl(ctx, slice), paginator: searchExportPaginator({ pageSize: PAGE_SIZE }), records: "results", label: "tickets_search" })) {
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
