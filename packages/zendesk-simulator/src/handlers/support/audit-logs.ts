/**
 * `/api/v2/audit_logs` (Enterprise only, else 403 "You do not have access"): CBP/OBP;
 * `filter[created_at][]=<ISO start>&filter[created_at][]=<ISO end>` (inclusive), `filter[source_type]`,
 * `filter[action]`; `sort=created_at` oldest first (CBP; default `-created_at`).
 * Pages seek in the audit-log index (account/support-extras.ts `auditLogsTable`): the created_at filter
 * is a key range, source type and action are read from its columns.
 */
import { fromIso } from "../../util/clock.js";
import { entriesSource, offsetStart, PLACEHOLDER } from "../../pagination/entries-source.js";
import { NO_ACCESS_BODY } from "../../account/support-access.js";
import { AUDIT_LOG_KINDS, auditLogRecord, auditLogsTable } from "../../account/support-extras.js";
import { NotFoundError } from "../../core/errors.js";
import { HttpError, json } from "../../core/http.js";
import type { Plan } from "../../pipeline/rate-limit.js";
import { LIST_PARAMS, type Route, type RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

const ENTERPRISE: Plan[] = ["enterprise", "enterprise_plus", "high_volume"];

function list(ctx: RouteContext): Response {
  if (!ENTERPRISE.includes(ctx.sim.options.plan)) throw new HttpError(403, NO_ACCESS_BODY);
  const range = ctx.query.getAll("filter[created_at][]").map((v) => fromIso(v));
  if (range.some((v) => Number.isNaN(v)) || range.length === 1 || range.length > 2) {
    throw new HttpError(400, { error: "InvalidValue", description: "filter[created_at] takes a start and an end time (ISO 8601)" });
  }
  const sourceType = ctx.query.get("filter[source_type]");
  const action = ctx.query.get("filter[action]");
  const account = ctx.sim.account;
  const table = auditLogsTable(account);
  const kind = sourceType ? (AUDIT_LOG_KINDS as readonly string[]).indexOf(sourceType) : -1;
  const update = action === "update" ? 1 : action === "create" ? 0 : -1;
  const include =
    sourceType || action
      ? (p: number) => (!sourceType || table.code[p] >> 1 === kind) && (!action || (table.code[p] & 1) === update)
      : undefined;
  const asc = ctx.query.get("sort") === "created_at" || ctx.query.get("sort_order") === "asc";
  const dir = asc ? 1 : -1;
  const o = {
    descending: !asc,
    include,
    build: (p: number) => auditLogRecord(account, table, p),
    keyRange: range.length === 2 ? { from: range[0], to: range[1] + 1 } : undefined,
  };
  return listResponse(
    ctx,
    { cursor: entriesSource(table, o), offset: entriesSource(table, { ...o, skipBuild: { n: offsetStart(ctx.query), placeholder: PLACEHOLDER } }) },
    {
      key: "audit_logs",
      endpoint: "audit_logs",
      offsetOrder: (a, b) => dir * (fromIso(a.created_at as string) - fromIso(b.created_at as string)) || (a.id as number) - (b.id as number),
      cursorOrder: { label: asc ? "created_at,id" : "-created_at,id", key: (r) => [fromIso(r.created_at as string), r.id as number], dirs: [dir, 1] },
    },
  );
}

function show(ctx: RouteContext): Response {
  if (!ENTERPRISE.includes(ctx.sim.options.plan)) throw new HttpError(403, NO_ACCESS_BODY);
  const table = auditLogsTable(ctx.sim.account);
  const p = table.ids.indexOf(Number(ctx.params.id));
  if (p < 0) throw new NotFoundError("audit_logs", ctx.params.id);
  return json(200, { audit_log: auditLogRecord(ctx.sim.account, table, p) });
}

export const auditLogRoutes: Route[] = [
  { method: "GET", path: "/api/v2/audit_logs", handler: list, params: [...LIST_PARAMS, "filter[action]", "filter[source_type]", "filter[created_at][]", "sort", "sort_order"] },
  { method: "GET", path: "/api/v2/audit_logs/:id", handler: show },
];
