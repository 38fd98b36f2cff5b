import type { HttpRequest } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import { withQuery } from "../util/url.js";
import { asObject, follow, isNonEmptyString } from "./follow.js";

export interface NextPagePaginatorOptions {
  /** Page size for the first request; omitted → no size parameter (family N0). */
  perPage?: number;
  /** `per_page` (family N, default) or `page[size]` (family NS). */
  sizeParam?: "per_page" | "page[size]";
}

/** Families N, N0, NS: follows `next_page`; stops on a null `next_page` or an empty page. */
export function nextPagePaginator(options: NextPagePaginatorOptions = {}): Paginator {
  const { perPage, sizeParam = "per_page" } = options;
  return {
    first: (request: HttpRequest) =>
      perPage === undefined ? request : { ...request, url: withQuery(request.url, { [sizeParam]: perPage }) },
    next(response, body, records) {
      if (records.length === 0) return undefined;
      const next = asObject(body).next_page;
      return isNonEmptyString(next) ? follow(response, next) : undefined;
    },
  };
}

export interface BeforeUrlPaginatorOptions {
  /** `limit` of the first request. Default 200 (bigger pages time out on ticket_audits). */
  limit?: number;
}

/**
 * Family A (ticket_audits' legacy newest-first feed): follows `before_url`; stops on a null
 * `before_url` or an empty page. The data-feed early stop (records older than state) is the stream's.
 */
export function beforeUrlPaginator(options: BeforeUrlPaginatorOptions = {}): Paginator {
  const limit = options.limit ?? 200;
  return {
    first: (request) => ({ ...request, url: withQuery(request.url, { limit }) }),
    next(response, body, records) {
      if (records.length === 0) return undefined;
      const before = asObject(body).before_url;
      return isNonEmptyString(before) ? follow(response, before) : undefined;
    },
  };
}

/** Family –: one request, no pagination. */
export function singleRequest(): Paginator {
  return { first: (request) => request, next: () => undefined };
}
