import { nextPagePaginator } from "@calabi/zendesk-common";
import { ConnectorError, type Paginator } from "@calabi/kernel";

const startTimeOf = (url: string) => new URL(url).searchParams.get("start_time");

/**
 * N0 for `help_center/incremental/articles`: follow `next_page` (its `start_time` is the previous
 * page's `end_time`) until it is null or a page is empty. A next page asking for the same
 * `start_time` again would return the same page forever (a full page of articles changed in one
 * second): fail loudly instead of looping.
 */
export function incrementalArticlesPaginator(): Paginator {
  const inner = nextPagePaginator();
  return {
    first: inner.first,
    next(response, body, records) {
      const next = inner.next(response, body, records);
      if (next && startTimeOf(next.url) !== null && startTimeOf(next.url) === startTimeOf(response.request.url)) {
        throw new ConnectorError(
          `help_center/incremental/articles returned a full page of ${records.length} articles changed in the second start_time=${startTimeOf(next.url)}, and its next page starts at that same second: reading on would repeat the page forever.`,
          "system_error",
        );
      }
      return next;
    },
  };
}
