import type { HttpRequest, HttpResponse } from "./http.js";

/** How to get the next page. Pure: all it needs is in the response it is given. */
export interface Paginator {
  /** Adds the first page's parameters (e.g. `page[size]=100`) to the base request. */
  first(request: HttpRequest): HttpRequest;
  /** The next request, or undefined when the collection is exhausted. */
  next(response: HttpResponse, body: any, records: unknown[]): HttpRequest | undefined;
  /**
   * What is wrong with a page's envelope for this family (a missing or mistyped pagination field),
   * or undefined when it is fine. A malformed page is retried like a truncated body, then fails the
   * stream; it is never read as an empty page.
   */
  validate?(body: Record<string, unknown>): string | undefined;
  /**
   * What identifies a request's position for loop detection (default: its URL). A walk that is
   * handed the same position twice fails instead of reading it again.
   */
  position?(request: HttpRequest): string;
  /** The collection's total size when the family's envelope reports it (`calabi plan`). */
  total?(body: any): number | undefined;
}
