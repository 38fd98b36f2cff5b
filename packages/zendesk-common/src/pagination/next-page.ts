import { asObject, nextUrlPaginator, type Paginator, requireFields } from "@calabi/kernel";

export interface NextPagePaginatorOptions {
  /** Page size for the first request; omitted → no size parameter (family N0). */
  perPage?: number;
  /** `per_page` (family N, default) or `page[size]` (family NS). */
  sizeParam?: "per_page" | "page[size]";
}

const notEmpty = (_body: unknown, records: unknown[]) => records.length > 0;

/** Families N, N0, NS: follows `next_page`; stops on a null `next_page` or an empty page. A page must carry `next_page`. */
export function nextPagePaginator(options: NextPagePaginatorOptions = {}): Paginator {
  const { perPage, sizeParam = "per_page" } = options;
  const paginator = nextUrlPaginator({
    first: { [sizeParam]: perPage },
    nextUrl: (body) => asObject(body).next_page,
    more: notEmpty,
    validate: requireFields({ next_page: ["string", "null"] }),
  });
  // The offset envelope's `count` is the whole collection's size.
  return { ...paginator, total: (body) => (typeof asObject(body).count === "number" ? (asObject(body).count as number) : undefined) };
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
  return nextUrlPaginator({
    first: { limit: options.limit ?? 200 },
    nextUrl: (body) => asObject(body).before_url,
    more: notEmpty,
    validate: requireFields({ before_url: ["string", "null"] }),
  });
}
