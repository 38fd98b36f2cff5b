/**
 * A fixture server for stream tests: routes (`"GET /v1/items/:id"`) answered with JSON on a loopback
 * port the OS chooses, every request recorded, and helpers that slice seeded data into pages the way
 * APIs paginate (page numbers, opaque cursors, `Link` headers). Built on `startTestServer`.
 */
import type { IncomingHttpHeaders } from "node:http";
import { sendJson, type SeenRequest, startTestServer, type TestServer } from "./loopback-server.js";

export interface FixtureRequest {
  method: string;
  /** The absolute URL as the client asked for it (origin of this server). */
  url: URL;
  /** The URL's query parameters. */
  query: URLSearchParams;
  /** Values of the route's `:name` segments. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** 0-based number of this request on the server. */
  n: number;
}

export interface FixtureReply {
  /** Default 200. */
  status?: number;
  /** Sent as JSON (default `{}`). */
  body?: unknown;
  /** Response headers; undefined values are left out. */
  headers?: Record<string, string | undefined>;
}

export type FixtureHandler = (req: FixtureRequest) => FixtureReply | Promise<FixtureReply>;

/** `"METHOD /path/:param"` → a handler, or a fixed reply. */
export type FixtureRoutes = Record<string, FixtureHandler | FixtureReply>;

export interface FixtureServerOptions {
  /**
   * Called before routing: return a reply (say a 401) to refuse the request, or undefined to let it
   * through. E.g. check the credentials your source sends.
   */
  authorize?(req: FixtureRequest): FixtureReply | undefined;
}

export interface FixtureServer extends TestServer {
  /** The recorded requests whose path matches `route` (`"/v1/items/:id"`, method optional: `"GET /v1/items"`). */
  requestsTo(route: string): SeenRequest[];
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: FixtureHandler;
}

function compile(route: string): { method: string | undefined; pattern: RegExp; names: string[] } {
  const match = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(route.trim());
  if (!match) throw new Error(`fixture route "${route}" is not "METHOD /path" (e.g. "GET /v1/items/:id")`);
  const names: string[] = [];
  const source = match[2]!
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { method: match[1], pattern: new RegExp(`^${source}$`), names };
}

/**
 * Starts a fixture server on 127.0.0.1 and a port the OS chooses. A request no route matches gets a
 * 404 naming it; a handler that throws gets a 500 with its message (so a broken fixture shows up as a
 * failed read, not a hang). Close it when done.
 */
export async function startFixtureServer(routes: FixtureRoutes, options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const compiled: CompiledRoute[] = Object.entries(routes).map(([route, value]) => {
    const { method, pattern, names } = compile(route);
    const handler: FixtureHandler = typeof value === "function" ? value : () => value;
    return { method: method ?? "GET", pattern, names, handler };
  });
  const server = await startTestServer((req, res, n) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const request: FixtureRequest = { method: req.method ?? "GET", url, query: url.searchParams, params: {}, headers: req.headers, n };
    const reply = async (): Promise<FixtureReply> => {
      const refused = options.authorize?.(request);
      if (refused) return refused;
      for (const route of compiled) {
        const m = route.method === request.method ? route.pattern.exec(url.pathname) : null;
        if (!m) continue;
        route.names.forEach((name, i) => (request.params[name] = decodeURIComponent(m[i + 1]!)));
        return route.handler(request);
      }
      return { status: 404, body: { error: `no fixture route for ${request.method} ${url.pathname}` } };
    };
    reply().then(
      (r) => sendJson(res, r.status ?? 200, r.body ?? {}, definedHeaders(r.headers)),
      (error: unknown) => sendJson(res, 500, { error: `fixture handler failed: ${(error as Error)?.message ?? String(error)}` }),
    );
  });
  return {
    ...server,
    requestsTo(route) {
      const { method, pattern } = compile(route);
      return server.requests.filter((r) => (!method || r.method === method) && pattern.test(new URL(r.url, "http://x").pathname));
    },
  };
}

const definedHeaders = (headers: FixtureReply["headers"] = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));

export interface PageSlice<T> {
  records: T[];
  /** Whether records follow this page. */
  hasMore: boolean;
  /** The next page's absolute URL (same URL, next position), when there is one. */
  next?: string;
}

export interface PageByNumberOptions {
  /** Default `page` (1-based). */
  pageParam?: string;
  /** Default `per_page`. */
  sizeParam?: string;
  /** Page size when the request sends none. Default 30. */
  defaultSize?: number;
  /** Largest page size honoured. Default 100. */
  maxSize?: number;
}

export interface NumberedPage<T> extends PageSlice<T> {
  page: number;
  /** The last page's absolute URL (for `Link: rel="last"`). */
  last: string;
}

const withParam = (url: URL, name: string, value: string): string => {
  const next = new URL(url);
  next.searchParams.set(name, value);
  return next.toString();
};

const sizeOf = (query: URLSearchParams, param: string, fallback: number, max: number): number => {
  const asked = Number(query.get(param));
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, max) : fallback;
};

/** Slices `items` by page number (`?page=2&per_page=50`), the way page-numbered APIs do. */
export function pageByNumber<T>(items: T[], req: Pick<FixtureRequest, "url" | "query">, options: PageByNumberOptions = {}): NumberedPage<T> {
  const pageParam = options.pageParam ?? "page";
  const size = sizeOf(req.query, options.sizeParam ?? "per_page", options.defaultSize ?? 30, options.maxSize ?? 100);
  const page = Math.max(1, Number(req.query.get(pageParam)) || 1);
  const records = items.slice((page - 1) * size, page * size);
  const hasMore = page * size < items.length;
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  return {
    records,
    page,
    hasMore,
    ...(hasMore ? { next: withParam(req.url, pageParam, String(page + 1)) } : {}),
    last: withParam(req.url, pageParam, String(lastPage)),
  };
}

export interface PageByCursorOptions {
  /** Default `cursor`. */
  cursorParam?: string;
  /** Default `per_page`. */
  sizeParam?: string;
  defaultSize?: number;
  maxSize?: number;
}

export interface CursorPage<T> extends PageSlice<T> {
  /** The opaque cursor of the next page, when there is one. */
  cursor?: string;
}

/**
 * Slices `items` by an opaque cursor (`?cursor=…&per_page=50`). A cursor the server did not hand out
 * throws (the fixture answers 500), as a real API refuses it.
 */
export function pageByCursor<T>(items: T[], req: Pick<FixtureRequest, "url" | "query">, options: PageByCursorOptions = {}): CursorPage<T> {
  const cursorParam = options.cursorParam ?? "cursor";
  const size = sizeOf(req.query, options.sizeParam ?? "per_page", options.defaultSize ?? 30, options.maxSize ?? 100);
  const given = req.query.get(cursorParam);
  let offset = 0;
  if (given !== null) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(given, "base64url").toString("utf8"));
    if (!decoded) throw new Error(`unknown ${cursorParam} ${JSON.stringify(given)}`);
    offset = Number(decoded[1]);
  }
  const records = items.slice(offset, offset + size);
  const hasMore = offset + size < items.length;
  if (!hasMore) return { records, hasMore };
  const cursor = Buffer.from(`offset:${offset + size}`).toString("base64url");
  return { records, hasMore, cursor, next: withParam(req.url, cursorParam, cursor) };
}

/** An RFC 8288 `Link` header: `<url>; rel="next", <url>; rel="last"` (undefined entries left out). */
export function linkHeader(links: Record<string, string | undefined>): string {
  return Object.entries(links)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([rel, url]) => `<${url}>; rel="${rel}"`)
    .join(", ");
}
