import { type Paginator, requireFields } from "@calabi/kernel";
import { exportTimePaginator } from "@calabi/zendesk-common";

/** Most records a Talk incremental export page holds. */
export const TALK_EXPORT_PAGE = 1000;

/**
 * Talk's incremental exports (`/channels/voice/stats/incremental/*`): like Support's time-based
 * exports they follow `next_page` (its `start_time` is the previous page's `end_time`), but
 * `next_page` is never null — the last page points at the next poll, even at itself. Zendesk says
 * to read `count`: a page with fewer than a full page of records is the end for now. An
 * `end_of_stream: true`, where sent, ends it too. Zendesk's time-based paginator does the
 * following (and fails on a full page stuck at one second instead of looping).
 */
export function talkExportPaginator(): Paginator {
  const exportPages = exportTimePaginator();
  return {
    first: exportPages.first,
    next(response, body, records) {
      if (body?.end_of_stream === true || Number(body?.count) < TALK_EXPORT_PAGE) return undefined;
      return exportPages.next(response, body, records);
    },
    // A page must say how many records it holds and where the next one is.
    validate: requireFields({ count: ["number"], next_page: ["string", "null"] }),
  };
}
