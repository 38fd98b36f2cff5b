/** `POST /oauth/tokens`: refresh grant with rotation; JSON or form-urlencoded bodies. */
import { json } from "../core/http.js";
import type { Route, RouteContext } from "../core/route.js";

async function readFields(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  const raw = await request.text();
  if (type.includes("application/json") || /^\s*\{/.test(raw)) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

async function tokens(ctx: RouteContext): Promise<Response> {
  const fields = await readFields(ctx.request);
  const res = ctx.sim.auth.token(fields);
  return json(res.status, res.body, { "cache-control": "no-store", pragma: "no-cache" });
}

export const oauthRoutes: Route[] = [{ method: "POST", path: "/oauth/tokens", handler: tokens, auth: false, rateClasses: ["account"] }];
