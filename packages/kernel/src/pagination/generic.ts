/**
 * Paginators for any API. Each takes what it needs from the response body (or headers) through
 * small functions, so an API's own families are a few lines on top of these.
 */
import type { HttpRequest } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import { type QueryValue, withQuery } from "../util/url.js";
import { follow, isNonEmptyString } from "./follow.js";

type Validate = Paginator["validate"];
type Position = Paginator["position"];

const withParams = (params: Record<string, QueryValue> | undefined) => (request: HttpRequest): HttpRequest =>
  params && Object.values(params).some((v) => v !== undefined) ? { ...request, url: withQuery(request.url, params) } : request;

export interface NextUrlPaginatorOptions {
  /** Query parameters of the first request (page size, …). */
  first?: Record<string, QueryValue>;
  /** The next page's URL in the body (absolute or relative). */
  nextUrl(body: any): unknown;
  /** Whether there is more to read; default: a next URL is present. */
  more?(body: any, records: unknown[]): boolean;
  validate?: Validate;
  position?: Position;
}

/** Follows a next-page URL found in the body, used verbatim. */
export function nextUrlPaginator(options: NextUrlPaginatorOptions): Paginator {
  return {
    first: withParams(options.first),
    next(response, body, records) {
      if (options.more && !options.more(body, records)) return undefined;
      const next = options.nextUrl(body);
      return isNonEmptyString(next) ? follow(response, next) : undefined;
    },
    ...(options.validate ? { validate: options.validate } : {}),
    ...(options.position ? { position: options.position } : {}),
  };
}

export interface CursorParamPaginatorOptions {
  first?: Record<string, QueryValue>;
  /** The query parameter that carries the cursor, e.g. `page[after]` or `cursor`. */
  param: string;
  /** The next cursor in the body. */
  cursor(body: any): unknown;
  /** Whether there is more to read; default: a cursor is present. */
  more?(body: any, records: unknown[]): boolean;
  /** Parameters removed from the next request (e.g. a `page[before]` that would contradict it). */
  clear?: string[];
  validate?: Validate;
}

/** Sends the body's cursor as a query parameter of the same URL. Position = the cursor. */
export function cursorParamPaginator(options: CursorParamPaginatorOptions): Paginator {
  return {
    first: withParams(options.first),
    next(response, body, records) {
      if (options.more && !options.more(body, records)) return undefined;
      const cursor = options.cursor(body);
      if (!isNonEmptyString(cursor) && typeof cursor !== "number") return undefined;
      const cleared = Object.fromEntries((options.clear ?? []).map((k) => [k, null]));
      return follow(response, withQuery(response.request.url, { ...cleared, [options.param]: String(cursor) }));
    },
    ...(options.validate ? { validate: options.validate } : {}),
  };
}

export interface PageNumberPaginatorOptions {
  /** Default `page`. */
  param?: string;
  /** Number of the first page. Default 1. */
  firstPage?: number;
  /** Page size parameter and value, sent with every request. */
  sizeParam?: string;
  size?: number;
  /** Whether there is more to read; default: the page was full (`size`), else not empty. */
  more?(body: any, records: unknown[]): boolean;
  validate?: Validate;
}

/** Page numbers: page 1, 2, 3, … until a short (or empty) page. */
export function pageNumberPaginator(options: PageNumberPaginatorOptions = {}): Paginator {
  const param = options.param ?? "page";
  const firstPage = options.firstPage ?? 1;
  const size = options.sizeParam && options.size !== undefined ? { [options.sizeParam]: options.size } : {};
  const more = options.more ?? ((_b: unknown, records: unknown[]) => (options.size !== undefined ? records.length >= options.size : records.length > 0));
  return {
    first: withParams({ ...size, [param]: firstPage }),
    next(response, body, records) {
      if (!more(body, records)) return undefined;
      const current = Number(new URL(response.request.url).searchParams.get(param) ?? firstPage);
      return follow(response, withQuery(response.request.url, { [param]: current + 1 }));
    },
    ...(options.validate ? { validate: options.validate } : {}),
  };
}

export interface OffsetPaginatorOptions {
  /** Default `offset`. */
  param?: string;
  /** Default `limit`. */
  limitParam?: string;
  limit: number;
  more?(body: any, records: unknown[]): boolean;
  validate?: Validate;
}

/** Offsets: offset 0, limit, 2×limit, … until a short page. */
export function offsetPaginator(options: OffsetPaginatorOptions): Paginator {
  const param = options.param ?? "offset";
  const limitParam = options.limitParam ?? "limit";
  const more = options.more ?? ((_b: unknown, records: unknown[]) => records.length >= options.limit);
  return {
    first: withParams({ [limitParam]: options.limit, [param]: 0 }),
    next(response, body, records) {
      if (!more(body, records)) return undefined;
      const current = Number(new URL(response.request.url).searchParams.get(param) ?? 0);
      return follow(response, withQuery(response.request.url, { [param]: current + records.length }));
    },
    ...(options.validate ? { validate: options.validate } : {}),
  };
}

/** RFC 8288 `Link: <url>; rel="next"` header (GitHub style). */
export function linkHeaderPaginator(options: { first?: Record<string, QueryValue>; rel?: string } = {}): Paginator {
  const rel = options.rel ?? "next";
  return {
    first: withParams(options.first),
    next(response) {
      const url = linkWithRel(response.headers.link, rel);
      return url ? follow(response, url) : undefined;
    },
  };
}

/** The URL of a `Link` header entry with the given rel, if any. */
export function linkWithRel(header: string | undefined, rel: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2])?.[1]?.split(/\s+/) ?? [];
    if (rels.includes(rel)) return match[1];
  }
  return undefined;
}

/** One request, no pagination. */
export function singleRequest(): Paginator {
  return { first: (request) => request, next: () => undefined };
}

