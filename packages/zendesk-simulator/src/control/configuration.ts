/**
 * Control routes for the configuration objects (no auth, not rate limited, not logged), so
 * out-of-process clients (CLI demos, benchmarks) can edit them like tests do in-process:
 *   POST   /__sim/config/:resource       create (JSON body overrides the template) → 201 { record }
 *   PATCH  /__sim/config/:resource/:id   edit (moves updated_at to now)            → 200 { record }
 *   DELETE /__sim/config/:resource/:id   remove                                     → 200 {}
 * `resource` is a configuration stream name with records (macros, triggers, ticket_fields, …).
 */
import { CONFIG_STREAMS, ConfigNotFound, type ConfigResource } from "../account/configuration/store.js";
import type { JsonObject } from "../core/types.js";
import { HttpError, json } from "../core/http.js";
import type { Route, RouteContext } from "../core/route.js";

function resourceOf(ctx: RouteContext): ConfigResource {
  const r = ctx.params.resource;
  if (r === "attribute_definitions" || !(CONFIG_STREAMS as readonly string[]).includes(r)) {
    throw new HttpError(404, { error: "InvalidEndpoint", description: `cannot edit ${r}; use one of ${CONFIG_STREAMS.filter((s) => s !== "attribute_definitions").join(", ")}` });
  }
  return r as ConfigResource;
}

async function bodyOf(ctx: RouteContext): Promise<JsonObject> {
  const raw = await ctx.request.text();
  const v = raw.trim() ? (JSON.parse(raw) as unknown) : {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new HttpError(400, { error: "InvalidJSON", description: "expected a JSON object" });
  return v as JsonObject;
}

const idOf = (ctx: RouteContext) => (/^\d+$/.test(ctx.params.id) ? Number(ctx.params.id) : ctx.params.id);

function guarded(fn: (ctx: RouteContext) => Promise<Response> | Response) {
  return async (ctx: RouteContext) => {
    try {
      return await fn(ctx);
    } catch (e) {
      if (e instanceof ConfigNotFound) throw new HttpError(404, { error: "RecordNotFound", description: "Not found" });
      throw e;
    }
  };
}

const control = (method: Route["method"], path: string, handler: Route["handler"]): Route => ({ method, path, handler: guarded(handler), control: true, auth: false });

export const configurationControlRoutes: Route[] = [
  control("POST", "/__sim/config/:resource", async (ctx) => json(201, { record: ctx.sim.account.config.create(resourceOf(ctx), await bodyOf(ctx)) })),
  control("PATCH", "/__sim/config/:resource/:id", async (ctx) => json(200, { record: ctx.sim.account.config.update(resourceOf(ctx), idOf(ctx), await bodyOf(ctx)) })),
  control("DELETE", "/__sim/config/:resource/:id", (ctx) => {
    ctx.sim.account.config.delete(resourceOf(ctx), idOf(ctx));
    return json(200, {});
  }),
];
