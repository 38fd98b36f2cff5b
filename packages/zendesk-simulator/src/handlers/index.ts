/**
 * The route table and its conversion to msw handlers. Every route matches
 * with or without `.json`; unknown `/api/v2/*` paths get 404 InvalidEndpoint.
 */
import { http, type HttpHandler } from "msw";
import { controlRoutes } from "../control.js";
import { json } from "../http-util.js";
import type { Route, Simulator } from "../simulator.js";
import { configurationRoutes } from "./configuration.js";
import { groupRoutes } from "./groups.js";
import { guideRoutes } from "./guide-routes.js";
import { guideFor } from "../data/guide.js";
import { incrementalRoutes } from "./incremental.js";
import { oauthRoutes } from "./oauth.js";
import { tagRoutes } from "./tags.js";
import { ticketChildRoutes } from "./ticket-children.js";
import { ticketRoutes } from "./tickets.js";
import { userRoutes } from "./users.js";
import { supportListRoutes } from "./support-lists.js";

export const routes: Route[] = [...controlRoutes, ...incrementalRoutes, ...userRoutes, ...ticketRoutes, ...groupRoutes, ...tagRoutes, ...oauthRoutes, ...ticketChildRoutes, ...guideRoutes];
routes.push(...configurationRoutes);
routes.push(...supportListRoutes);

/** What Zendesk answers for a path it does not know. */
const UNKNOWN_ROUTE: Route = {
  method: "GET",
  path: "*",
  handler: () => json(404, { error: "InvalidEndpoint", description: "Not found" }),
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Regex over the URL without query: origin + path, params as named groups, optional `.json`. */
export function routeRegex(origin: string, path: string): RegExp {
  const body = path
    .split("/")
    .map((seg) => (seg.startsWith(":") ? `(?<${seg.slice(1)}>[^/]+?)` : escape(seg)))
    .join("/");
  return new RegExp(`^${escape(origin)}${body}(?:\\.json)?/?$`);
}

export interface HandlerOptions {
  /** Extra origins to answer on (e.g. brand hosts). */
  origins?: string[];
}

/**
 * msw handlers serving `sim`. Use them with `setupServer(...createHandlers(sim))`
 * for in-process tests (global fetch / node:http), or through `startSimulator`
 * (loopback server) for npm undici.
 */
export function createHandlers(sim: Simulator, options: HandlerOptions = {}): HttpHandler[] {
  const origins = [sim.origin, ...guideFor(sim).extraOrigins(), ...(options.origins ?? [])];
  const handlers: HttpHandler[] = [];
  for (const origin of origins) {
    for (const route of routes) {
      const re = routeRegex(origin, route.path);
      const method = route.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
      handlers.push(
        http[method](re, ({ request }) => {
          const url = new URL(request.url);
          const m = re.exec(`${url.origin}${url.pathname}`);
          const params: Record<string, string> = {};
          for (const [k, v] of Object.entries(m?.groups ?? {})) params[k] = decodeURIComponent(v);
          return sim.handle(route, request, params);
        }),
      );
    }
    // unknown paths still go through the pipeline: auth, rate limits, faults and the request log
    handlers.push(http.all(new RegExp(`^${escape(origin)}/.*$`), ({ request }) => sim.handle(UNKNOWN_ROUTE, request, {})));
  }
  return handlers;
}
