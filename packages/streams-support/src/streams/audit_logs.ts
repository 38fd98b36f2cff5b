/**
 * audit_logs (Enterprise only: other plans answer 403 "You do not have access", which skips the
 * stream through the connection's rules). The first page sends `filter[created_at][]` twice (start
 * and now, ISO) and `sort=created_at`; next pages follow `links.next` verbatim. Default start is
 * now − 3650 days; state `{created_at: ISO}`, checkpointed every page (oldest first).
 */
import { formatCursor, linksPaginator, type Stream, toIsoSeconds, toJsonSchema, toUnixSeconds } from "@calabi/kernel";
import { auditLogSchema } from "../schemas/audit-logs.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";

export const auditLogs: Stream = {
  spec: { name: "audit_logs", jsonSchema: toJsonSchema(auditLogSchema), primaryKey: [["id"]], cursorField: ["created_at"] },
  async *read(ctx) {
    const configured = startSeconds(ctx, "audit_logs");
    const saved = toUnixSeconds(ctx.state?.created_at);
    const start = saved === undefined ? configured : Math.max(saved, configured);
    const end = Math.floor(ctx.clock.now() / 1000);
    const url = apiUrl(ctx, "audit_logs.json", { "filter[created_at][]": [toIsoSeconds(start), toIsoSeconds(end)], sort: "created_at" });
    let max = start;
    for await (const page of walkPages(ctx, { url, paginator: linksPaginator({ pageSize: 100 }), records: recordsAt("audit_logs"), label: "audit_logs" })) {
      for (const log of page.records) {
        const at = toUnixSeconds(log.created_at);
        if (at !== undefined && at > max) max = at;
      }
      yield { records: page.records, checkpoint: { created_at: formatCursor(max, "iso") } };
    }
  },
};
