import { asObject, cursorParamPaginator, nextUrlPaginator, type Paginator, requireFields } from "@calabi/kernel";

export interface LinksPaginatorOptions {
  /** `page[size]` of the first request. Default 100 (the Support maximum). */
  pageSize?: number;
}

const hasMore = (body: unknown) => asObject(asObject(body).meta).has_more === true;

/**
 * Family L (cursor pagination): first request adds `page[size]`; follows `links.next`, falling back
 * to `page[after]=meta.after_cursor`. Stops when `meta.has_more` is false or missing. Support sends
 * `links.next` even on the last page, so its presence alone never means "more". A page must carry
 * `meta.has_more`.
 */
export function linksPaginator(options: LinksPaginatorOptions = {}): Paginator {
  const first = { "page[size]": options.pageSize ?? 100 };
  const byLink = nextUrlPaginator({ first, nextUrl: (body) => asObject(asObject(body).links).next, more: hasMore });
  const byCursor = cursorParamPaginator({ param: "page[after]", clear: ["page[before]"], cursor: (body) => asObject(asObject(body).meta).after_cursor, more: hasMore });
  return {
    first: byLink.first,
    next: (response, body, records) => byLink.next(response, body, records) ?? byCursor.next(response, body, records),
    validate: requireFields({ "meta.has_more": ["boolean"] }),
  };
}

/** Family S (Export Search Results): cursor pagination like L; `page[size]` may go up to 1000. */
export function searchExportPaginator(options: LinksPaginatorOptions = {}): Paginator {
  return linksPaginator({ pageSize: options.pageSize ?? 100 });
}
