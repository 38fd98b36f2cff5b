/**
 * Offset pagination (OBP): `page` (1-based) and `per_page`. Support envelope:
 * `next_page` (URL or null), `previous_page`, `count` (total). Requests deeper
 * than page 100 or 10,000 records (page × per_page) get 400
 * InvalidPaginationDepth (enforced by Zendesk since 2024).
 */
import { buildUrl, HttpError, intParam, otherParams } from "../core/http.js";
import { isOrderedSource, take, type OrderedSource } from "./source.js";

export interface OffsetOptions {
  defaultPerPage?: number;
  maxPerPage?: number;
  /** Help Center envelopes add page, per_page, page_count (and sort fields). */
  helpCenter?: boolean;
}

export interface OffsetPage<T> {
  items: T[];
  envelope: Record<string, unknown>;
}

export const INVALID_PAGINATION_DEPTH = {
  errors: [
    {
      code: "InvalidPaginationDepth",
      title: "Pagination requests using Offset Pagination are limited to page 100 or up to 10000 records (page * per_page)",
      detail: "Offset pagination is limited to page 100 or up to 10000 records. Please switch to Cursor Pagination: https://developer.zendesk.com/api-reference/introduction/pagination/",
    },
  ],
};

export function invalidAttribute(attr: string, endpoint: string): HttpError {
  return new HttpError(400, {
    error: {
      title: "Invalid attribute",
      message: `You passed an invalid value for the ${attr} attribute. Invalid parameter: ${attr} must be an integer from api/v2/${endpoint}`,
    },
  });
}

/** `items`: the whole list in page order, or an `OrderedSource` of it (read only up to the page asked for). */
export function offsetPage<T>(items: readonly T[] | OrderedSource<T>, query: URLSearchParams, origin: string, path: string, endpoint: string, o: OffsetOptions = {}): OffsetPage<T> {
  const maxPerPage = o.maxPerPage ?? 100;
  const page = intParam(query, "page") ?? 1;
  let perPage = intParam(query, "per_page") ?? o.defaultPerPage ?? 100;
  if (Number.isNaN(page) || page < 1) throw invalidAttribute("page", endpoint);
  if (Number.isNaN(perPage) || perPage < 1) throw invalidAttribute("per_page", endpoint);
  perPage = Math.min(perPage, maxPerPage);
  if (page > 100 || page * perPage > 10_000) throw new HttpError(400, INVALID_PAGINATION_DEPTH);
  const start = (page - 1) * perPage;
  const slice = isOrderedSource(items) ? take(items.forward(), start + perPage).slice(start) : items.slice(start, start + perPage);
  const total = isOrderedSource(items) ? items.count() : items.length;
  const rest = otherParams(query, ["page"]);
  const hasNext = start + perPage < total;
  const next = hasNext ? buildUrl(origin, path, [["page", String(page + 1)], ...rest]) : null;
  const prev = page > 1 ? buildUrl(origin, path, [["page", String(page - 1)], ...rest]) : null;
  const envelope: Record<string, unknown> = o.helpCenter
    ? { page, previous_page: prev, next_page: next, per_page: perPage, page_count: Math.max(1, Math.ceil(total / perPage)), count: total }
    : { next_page: next, previous_page: prev, count: total };
  return { items: slice, envelope };
}
