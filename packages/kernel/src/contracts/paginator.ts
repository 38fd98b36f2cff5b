import type { HttpRequest, HttpResponse } from "./http.js";

/** How to get the next page. Pure: all it needs is in the response it is given. */
export interface Paginator {
  /** Adds the first page's parameters (e.g. `page[size]=100`) to the base request. */
  first(request: HttpRequest): HttpRequest;
  /** The next request, or undefined when the collection is exhausted. */
  next(response: HttpResponse, body: any, records: unknown[]): HttpRequest | undefined;
}
