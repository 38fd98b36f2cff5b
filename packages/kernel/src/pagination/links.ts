import type { HttpRequest } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import { withQuery } from "../util/url.js";
import { asObject, follow, isNonEmptyString } from "./follow.js";

export interface LinksPaginatorOptions {
  /** `page[size]` of the first request. Default 100 (the Support maximum). */
  pageSize?: number;
}

/**
 * Family L (cursor pagination): first request adds `page[size]`; follows `links.next`, falling back
 * to `page[after]=meta.after_cursor`. Stops when `meta.has_more` is false or missing. Support sends
 * `links.next` even on the last page, so its presence alone never means "more".
 */
export function linksPaginator(options: LinksPaginatorOptions = {}): Paginator {
  const pageSize = options.pageSize ?? 100;
  return {
    first: (request: HttpRequest) => ({ ...request, url: withQuery(request.url, { "page[size]": pageSize }) }),
    next(response, body) {
      const meta = asObject(asObject(body).meta);
      if (meta.has_more !== true) return undefined;
      const next = asObject(asObject(body).links).next;
      if (isNonEmptyString(next)) return follow(response, next);
      if (isNonEmptyString(meta.after_cursor)) {
        return follow(response, withQuery(response.request.url, { "page[before]": null, "page[after]": meta.after_cursor }));
      }
      return undefined;
    },
  };
}

/** Family S (Export Search Results): cursor pagination like L; `page[size]` may go up to 1000. */
export function searchExportPaginator(options: LinksPaginatorOptions = {}): Paginator {
  return linksPaginator({ pageSize: options.pageSize ?? 100 });
}
