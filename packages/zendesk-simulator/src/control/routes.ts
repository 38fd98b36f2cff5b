/**
 * Control endpoints under `/__sim/` for out-of-process tests: mutate the
 * account, read ground truth and the request log, set faults, move the clock.
 * They never get faults, auth checks or rate limits, and are not logged.
 * Every operation is also available on the `Simulator` object.
 */
import { type StreamName } from "../account/account.js";
import { NotFoundError } from "../core/errors.js";
import type { JsonObject } from "../core/types.js";
import type { FaultOptions } from "../pipeline/faults.js";
import { HttpError, json } from "../core/http.js";
import type { Route, RouteContext } from "../core/route.js";

type Mutable = "tickets" | "users" | "organizations" | "groups";
const MUTABLE: Mutable[] = ["tickets", "users", "organizations", "groups"];

async function body(ctx: RouteContext): Promise<JsonObject> {
  const raw = await ctx.request.text();
  if (!raw.trim()) return {};
  const v = JSON.parse(raw) as unknown;
  if (v == null || typeof v !== "object" || Array.isArray(v)) throw new HttpError(400, { error: "InvalidJSON", description: "expected a JSON object" });
  return v as JsonObject;
}

function mutable(ctx: RouteContext): Mutable {
  const s = ctx.params.stream as Mutable;
  if (!MUTABLE.includes(s)) throw new HttpError(404, { error: "InvalidEndpoint", description: `cannot mutate ${s}; use one of ${MUTABLE.join(", ")}` });
  return s;
}

/** create/update/delete by stream name on the account */
export function mutate(ctx: RouteContext["sim"], op: "create" | "update" | "delete", stream: Mutable, id: number | null, fields: JsonObject): JsonObject {
  const a = ctx.account;
  switch (stream) {
    case "tickets":
      return op === "create" ? a.createTicket(fields) : op === "update" ? a.updateTicket(id!, fields) : a.deleteTicket(id!);
    case "users":
      return op === "create" ? a.createUser(fields) : op === "update" ? a.updateUser(id!, fields) : a.deleteUser(id!);
    case "organizations":
      return op === "create" ? a.createOrganization(fields) : op === "update" ? a.updateOrganization(id!, fields) : a.deleteOrganization(id!);
    case "groups":
      return op === "create" ? a.createGroup(fields) : op === "update" ? a.updateGroup(id!, fields) : a.deleteGroup(id!);
  }
}

function clockState(ctx: RouteContext) {
  const now = ctx.sim.clock.now();
  return { now, iso: new Date(now).toISOString(), unix: Math.floor(now / 1000), offsetMs: ctx.sim.clock.offset, horizon: ctx.sim.horizon() };
}

const c = (method: Route["method"], path: string, handler: Route["handler"]): Route => ({ method, path, handler, control: true, auth: false });

export const controlRoutes: Route[] = [
  c("GET", "/__sim/health", (ctx) =>
    json(200, { ok: true, origin: ctx.sim.origin, seed: ctx.sim.options.seed, tickets: ctx.sim.account.tickets.size, plan: ctx.sim.options.plan, minuteMs: ctx.sim.options.minuteMs }),
  ),
  c("GET", "/__sim/ground-truth", (ctx) => json(200, { streams: ctx.sim.groundTruthStreams() })),
  c("GET", "/__sim/ground-truth/:stream", (ctx) => {
    const stream = ctx.params.stream as StreamName;
    if (!ctx.sim.groundTruthStreams().includes(stream)) throw new HttpError(404, { error: "InvalidEndpoint", description: `no ground truth for ${stream}` });
    const records = ctx.sim.groundTruth(stream);
    return json(200, { stream, count: records.length, records });
  }),
  c("GET", "/__sim/requests", (ctx) => json(200, { requests: ctx.sim.requests() })),
  c("DELETE", "/__sim/requests", (ctx) => {
    ctx.sim.clearRequests();
    return json(200, { ok: true });
  }),
  c("GET", "/__sim/faults", (ctx) => json(200, { faults: ctx.sim.faults.config })),
  c("PUT", "/__sim/faults", async (ctx) => {
    ctx.sim.setFaults((await body(ctx)) as unknown as FaultOptions);
    return json(200, { faults: ctx.sim.faults.config });
  }),
  c("POST", "/__sim/faults", async (ctx) => {
    ctx.sim.setFaults((await body(ctx)) as unknown as FaultOptions);
    return json(200, { faults: ctx.sim.faults.config });
  }),
  c("GET", "/__sim/clock", (ctx) => json(200, clockState(ctx))),
  c("POST", "/__sim/clock/advance", async (ctx) => {
    const b = await body(ctx);
    const ms = typeof b.ms === "number" ? b.ms : typeof b.seconds === "number" ? b.seconds * 1000 : NaN;
    if (!(ms >= 0)) throw new HttpError(400, { error: "InvalidValue", description: "send {\"seconds\": n} or {\"ms\": n}" });
    ctx.sim.advanceClock(ms);
    return json(200, clockState(ctx));
  }),
  c("POST", "/__sim/rate-limits/reset", (ctx) => {
    ctx.sim.rateLimiter.reset();
    return json(200, { ok: true });
  }),
  c("GET", "/__sim/auth", (ctx) => json(200, ctx.sim.auth.snapshot())),
  c("POST", "/__sim/auth/revoke", async (ctx) => {
    const b = await body(ctx);
    ctx.sim.auth.revoke(String(b.access_token ?? ""));
    return json(200, { ok: true });
  }),
  c("POST", "/__sim/records/organizations/burst", async (ctx) => {
    const b = await body(ctx);
    const count = Number(b.count ?? 1000);
    const at = typeof b.at === "number" ? b.at : undefined;
    const records = ctx.sim.account.burstOrganizations(count, at);
    return json(201, { count: records.length, updated_at: records[0]?.updated_at ?? null });
  }),
  c("POST", "/__sim/records/tickets/:id/system-update", (ctx) => json(200, { record: ctx.sim.account.systemUpdateTicket(Number(ctx.params.id)) })),
  c("POST", "/__sim/records/tickets/:id/scrub", (ctx) => json(200, { record: ctx.sim.account.scrubTicket(Number(ctx.params.id)) })),
  c("POST", "/__sim/records/:stream", async (ctx) => json(201, { record: mutate(ctx.sim, "create", mutable(ctx), null, await body(ctx)) })),
  c("PATCH", "/__sim/records/:stream/:id", async (ctx) => json(200, { record: mutate(ctx.sim, "update", mutable(ctx), Number(ctx.params.id), await body(ctx)) })),
  c("PUT", "/__sim/records/:stream/:id", async (ctx) => json(200, { record: mutate(ctx.sim, "update", mutable(ctx), Number(ctx.params.id), await body(ctx)) })),
  c("DELETE", "/__sim/records/:stream/:id", (ctx) => json(200, { record: mutate(ctx.sim, "delete", mutable(ctx), Number(ctx.params.id), {}) })),
  c("GET", "/__sim/records/:stream/:id", (ctx) => {
    const s = mutable(ctx);
    const r = ctx.sim.account[s].get(Number(ctx.params.id));
    if (!r) throw new NotFoundError(s, ctx.params.id);
    return json(200, { record: r });
  }),
];
