import type { HttpResponse } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import { ConnectorError } from "../errors.js";
import { queryParam, urlPath, withQuery } from "../util/url.js";
import { asObject, follow, isNonEmptyString } from "./follow.js";

export interface ExportPaginatorOptions {
  /** `per_page` for the first request (≤1000). Omitted → Zendesk's default of 1000. */
  perPage?: number;
}

const DEFAULT_EXPORT_PAGE = 1000;

/**
 * Incremental exports end on `end_of_stream: true`. A page may be empty with `end_of_stream: false`
 * (normal, never a reason to stop); when the flag is missing the next URL decides.
 */
function exportNext(response: HttpResponse, body: unknown, urlKey: "after_url" | "next_page") {
  const b = asObject(body);
  if (b.end_of_stream === true) return undefined;
  const next = b[urlKey];
  return isNonEmptyString(next) ? next : undefined;
}

const withPerPage = (perPage: number | undefined): Paginator["first"] => (request) =>
  perPage === undefined ? request : { ...request, url: withQuery(request.url, { per_page: perPage }) };

/** Family EC (cursor-based incremental export): follows `after_url` until `end_of_stream`. */
export function exportCursorPaginator(options: ExportPaginatorOptions = {}): Paginator {
  return {
    first: withPerPage(options.perPage),
    next(response, body) {
      const next = exportNext(response, body, "after_url");
      return next ? follow(response, next) : undefined;
    },
  };
}

/**
 * Family ET (time-based incremental export): follows `next_page` until `end_of_stream`. When at least
 * `per_page` records share one second, Zendesk answers every request with the same page and the same
 * `next_page`: a naive client loops forever. A full page whose next URL asks for the same
 * `start_time` again is that trap, so it fails loudly instead.
 */
export function exportTimePaginator(options: ExportPaginatorOptions = {}): Paginator {
  return {
    first: withPerPage(options.perPage),
    next(response, body, records) {
      const next = exportNext(response, body, "next_page");
      if (!next) return undefined;
      const current = response.request.url;
      const perPage = Number(queryParam(current, "per_page") ?? DEFAULT_EXPORT_PAGE);
      const startTime = queryParam(current, "start_time");
      const sameStart = next === current || (startTime !== undefined && queryParam(next, "start_time") === startTime);
      if (sameStart && records.length >= perPage) {
        throw new ConnectorError(
          `${urlPath(current)}: ${records.length} records share the second start_time=${startTime ?? "?"}, ` +
            `a full page of ${perPage}, so the time-based export would return this same page forever. ` +
            `Use the cursor-based export for this stream, or a larger per_page (up to 1000).`,
          "system_error",
        );
      }
      return follow(response, next);
    },
  };
}
