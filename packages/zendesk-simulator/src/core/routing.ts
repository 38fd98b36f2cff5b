/**
 * The route table and its conversion to msw handlers. Every route matches
 * with or without `.json`; unknown `/api/v2/*` paths get 404 InvalidEndpoint.
 */
import { http, type HttpHandler } from "msw";
import { guideFor } from "../account/guide/guide.js";
import { controlRoutes } from "../control/routes.js";
import { accountExtensionControlRoutes } from "../handlers/support/account-extensions.js";
import { communityRoutes } from "../handlers/community/index.js";
import { exportRoutes } from "../handlers/exports/index.js";
import { helpCenterRoutes } from "../handlers/help-center/index.js";
import { oauthRoutes } from "../handlers/oauth.js";
import { supportRoutes } from "../handlers/support/index.js";
import { json } from "./http.js";
import type { Route } from "./route.js";
import type { Simulator } from "./simulator.js";

/**
 * Every route, by area, in match order (the first route whose method and path match answers).
 * A new endpoint goes into its area's list.
 */
export const routes: Route[] = [...controlRoutes, ...accountExtensionControlRoutes, ...exportRoutes, ...supportRoutes, ...oauthRoutes, ...helpCenterRoutes, ...communityRoutes];

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
