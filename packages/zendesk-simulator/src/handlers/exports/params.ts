/** Shared checks for the incremental export handlers. */
import { HttpError, intParam } from "../../core/http.js";
import type { RouteContext } from "../../core/route.js";

/** Parse and validate `start_time` (422 when too recent, 400 when missing/malformed). */
export function startTimeParam(ctx: RouteContext): number {
  const raw = ctx.query.get("start_time");
  if (raw == null || raw === "") throw new HttpError(400, { error: "InvalidValue", description: "start_time is required" });
  const n = intParam(ctx.query, "start_time");
  if (n == null || Number.isNaN(n) || n < 0) throw new HttpError(400, { error: "InvalidValue", description: "Invalid start_time" });
  if (n > ctx.sim.horizon()) {
    throw new HttpError(422, { error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" });
  }
  return n;
}

/**
 * `per_page` for exports: default 1000, max 1000. Pages above the
 * `exportTimeoutAbovePerPage` option answer 504 `upstream request timeout`.
 */
export function exportPerPage(ctx: RouteContext): number {
  const n = intParam(ctx.query, "per_page");
  if (n != null && (Number.isNaN(n) || n < 1)) throw new HttpError(400, { error: "InvalidValue", description: "per_page must be a positive integer" });
  const perPage = Math.min(n ?? 1000, 1000);
  const limit = ctx.sim.rawOptions.exportTimeoutAbovePerPage;
  if (limit != null && perPage > limit) throw new HttpError(504, "upstream request timeout");
  return perPage;
}

export function truthy(v: string | null): boolean {
  return v === "true" || v === "1";
}
