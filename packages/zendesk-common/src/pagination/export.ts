import { ConnectorError, asObject, nextUrlPaginator, type Paginator, queryParam, urlPath } from "@calabi/kernel";

export interface ExportPaginatorOptions {
  /** `per_page` for the first request (≤1000). Omitted → Zendesk's default of 1000. */
  perPage?: number;
}

const DEFAULT_EXPORT_PAGE = 1000;

/**
 * Incremental exports end on `end_of_stream: true`. A page may be empty with `end_of_stream: false`
 * (normal, never a reason to stop); when the flag is missing the next URL decides. A page must carry
 * the flag or the next URL.
 */
const notEnded = (body: unknown) => asObject(body).end_of_stream !== true;

function exportEnvelope(urlKey: string): (body: Record<string, unknown>) => string | undefined {
  return (body) => {
    if ("end_of_stream" in body && typeof body.end_of_stream !== "boolean") return "the pagination field `end_of_stream` is not a boolean";
    if (!("end_of_stream" in body) && !(urlKey in body)) return `the pagination fields \`end_of_stream\` and \`${urlKey}\` are both missing`;
    return undefined;
  };
}

/**
 * Family EC (cursor-based incremental export): follows `after_url` until `end_of_stream`. The walk's
 * position is the `cursor` parameter, so an export whose cursor does not advance is a loop.
 */
export function exportCursorPaginator(options: ExportPaginatorOptions = {}): Paginator {
  return nextUrlPaginator({
    first: { per_page: options.perPage },
    nextUrl: (body) => asObject(body).after_url,
    more: notEnded,
    validate: exportEnvelope("after_url"),
    position: (request) => {
      const cursor = queryParam(request.url, "cursor");
      return cursor === undefined ? request.url : `cursor=${cursor}`;
    },
  });
}

/**
 * Family ET (time-based incremental export): follows `next_page` until `end_of_stream`. When at least
 * `per_page` records share one second, Zendesk answers every request with the same page and the same
 * `next_page`: a naive client loops forever. A full page whose next URL asks for the same
 * `start_time` again is that trap, so it fails loudly instead.
 */
export function exportTimePaginator(options: ExportPaginatorOptions = {}): Paginator {
  const inner = nextUrlPaginator({ first: { per_page: options.perPage }, nextUrl: (body) => asObject(body).next_page, more: notEnded });
  return {
    first: inner.first,
    validate: exportEnvelope("next_page"),
    next(response, body, records) {
      const next = inner.next(response, body, records);
      if (!next) return undefined;
      const current = response.request.url;
      const perPage = Number(queryParam(current, "per_page") ?? DEFAULT_EXPORT_PAGE);
      const startTime = queryParam(current, "start_time");
      const sameStart = next.url === current || (startTime !== undefined && queryParam(next.url, "start_time") === startTime);
      if (sameStart && records.length >= perPage) {
        throw new ConnectorError(
          `${urlPath(current)}: ${records.length} records share the second start_time=${startTime ?? "?"}, ` +
            `a full page of ${perPage}, so the time-based export would return this same page forever. ` +
            `Use the cursor-based export for this stream, or a larger per_page (up to 1000).`,
          "system_error",
        );
      }
      return next;
    },
  };
}
