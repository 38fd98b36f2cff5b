/**
 * What a route is: a method, a path pattern, its handler, and what the pipeline needs to know
 * about it (auth, rate classes, the query parameters and sideloads it accepts). Handlers import
 * these types from here; the route table is in ./routing.ts.
 */
import type { RateClass } from "../pipeline/rate-limit.js";
import type { Simulator } from "./simulator.js";

export interface RouteContext {
  sim: Simulator;
  request: Request;
  url: URL;
  /** The query parameters the route accepts (`acceptedQuery`); `url` keeps the request's own. */
  query: URLSearchParams;
  /** Path without a trailing `.json`. */
  path: string;
  /** Path exactly as requested (with `.json` if it had one), for next-page links. */
  rawPath: string;
  params: Record<string, string>;
  /** Origin links must point at (the loopback URL when served over loopback). */
  origin: string;
  auth: { kind: "basic"; email: string } | { kind: "bearer"; token: string } | null;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** e.g. "/api/v2/groups" or "/api/v2/users/:id"; `.json` is optional on every route. */
  path: string;
  handler: (ctx: RouteContext) => Response | Promise<Response>;
  /** Default true. */
  auth?: boolean;
  /** Rate classes; default derived from the path. */
  rateClasses?: RateClass[];
  /** Control routes: no auth, no faults, no rate limits, not logged. */
  control?: boolean;
  /**
   * Every query parameter the endpoint reads (default: `LIST_PARAMS`). The others are dropped
   * before the handler runs, so they are ignored and never echoed into next-page links.
   */
  params?: readonly string[];
  /** The `include` values the endpoint side-loads; other values are ignored, as Zendesk does. */
  sideloads?: readonly string[];
}

/** Query parameters of the list pagination families (Support CBP and offset, Help Center). */
export const LIST_PARAMS: readonly string[] = ["page", "per_page", "page[size]", "page[after]", "page[before]"];

/**
 * The request's query as the endpoint sees it: only the parameters it documents, and `include`
 * reduced to the sideloads it supports (dropped when none is left).
 */
export function acceptedQuery(route: Route, query: URLSearchParams): URLSearchParams {
  const params = route.params ?? LIST_PARAMS;
  const out = new URLSearchParams();
  for (const [k, v] of query) {
    if (k === "include") {
      const kept = v
        .split(",")
        .map((x) => x.trim())
        .filter((x) => route.sideloads?.includes(x));
      if (kept.length) out.append(k, [...new Set(kept)].join(","));
    } else if (params.includes(k)) out.append(k, v);
  }
  return out;
}
