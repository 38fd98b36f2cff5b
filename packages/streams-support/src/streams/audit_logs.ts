/**
 * audit_logs (Enterprise only: other plans answer 403 "You do not have access", which skips the
 * stream through the connection's rules). The first page sends `filter[created_at][]` twice (start
 * and now, ISO) and `sort=created_at`; next pages follow `links.next` verbatim. Default start is
 * now − 3650 days; state `{created_at: ISO}`, checkpointed every page (oldest first).
 */
import { CursorTracker, type ReadContext, resumeStart, type Stream, toIsoSeconds, toJsonSchema } from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { linksPaginator } from "@calabi/zendesk-common";
import { auditLogSchema } from "../schemas/audit-logs.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { firstPageEstimate } from "../plan/routes.js";

export const auditLogs: Stream = {
  spec: { name: "audit_logs", jsonSchema: toJsonSchema(auditLogSchema), primaryKey: [["id"]], cursorField: ["created_at"] },
  rateClass: () => RATE_CLASS.account,
  plan: (ctx) => firstPageEstimate(ctx, { url: firstUrl(ctx), paginator: linksPaginator({ pageSize: 100 }), records: "audit_logs", label: "audit_logs" }, "created_at"),
  async *read(ctx) {
    const start = resumeStart(ctx.state, "created_at", startSeconds(ctx, "audit_logs"));
    // The API filters by the two created_at bounds; the tracker only follows the highest cursor.
    const cursor = new CursorTracker({ cursorField: "created_at", format: "iso", start, filterOlder: false });
    const url = firstUrl(ctx);
    for await (const page of walkPages(ctx, { url, paginator: linksPaginator({ pageSize: 100 }), records: "audit_logs", label: "audit_logs" })) {
      yield { records: cursor.keep(page.records), checkpoint: cursor.checkpoint() };
    }
  },
};

/** The first request: both created_at bounds (start, now) and the sort. */
function firstUrl(ctx: Pick<ReadContext, "state" | "config" | "clock" | "baseUrl">): string {
  const start = resumeStart(ctx.state, "created_at", startSeconds(ctx, "audit_logs"));
  const end = Math.floor(ctx.clock.now() / 1000);
  return apiUrl(ctx, "audit_logs.json", { "filter[created_at][]": [toIsoSeconds(start), toIsoSeconds(end)], sort: "created_at" });
}
