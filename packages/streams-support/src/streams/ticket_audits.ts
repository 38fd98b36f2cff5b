/**
 * ticket_audits: the legacy `before_url` feed of `/ticket_audits` (newest first, `limit=200`).
 * A data feed: paging stops at the first audit older than the start (state or start_date), with no
 * further request. Client-side incremental on `created_at`; the state (`{created_at: ISO}`) is
 * written once, after the walk, because the newest audits come first. A 504 fails the stream
 * (Airbyte accepts that loss rather than retrying oversized pages); 403/404 fail too.
 */
import { CursorTracker, resumeStart, type Stream, toJsonSchema } from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { beforeUrlPaginator } from "@calabi/zendesk-common";
import { ticketAuditSchema } from "../schemas/ticket-audits.js";
import { failOn } from "../common/error-rules.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { routedEstimate } from "../plan/routes.js";

const rules = [failOn([504], "ticket_audits times out on this account; the stream fails (retrying oversized pages rarely helps)"), failOn([403, 404], "check permissions (ticket audits need the global read scope) or disable the stream")];

export const ticketAudits: Stream = {
  spec: { name: "ticket_audits", jsonSchema: toJsonSchema(ticketAuditSchema), primaryKey: [["id"]], cursorField: ["created_at"] },
  plan: (ctx) => routedEstimate("ticket_audits", "created_at", ctx),
  rateClass: () => RATE_CLASS.account,
  async *read(ctx) {
    const cursor = new CursorTracker({ cursorField: "created_at", format: "iso", start: resumeStart(ctx.state, "created_at", startSeconds(ctx)) });
    const url = apiUrl(ctx, "ticket_audits.json", { sort_by: "created_at", sort_order: "desc" });
    for await (const page of walkPages(ctx, { url, paginator: beforeUrlPaginator({ limit: 200 }), records: "audits", rules, label: "ticket_audits" })) {
      yield { records: cursor.keep(page.records) };
      if (cursor.sawOlder) break;
    }
    yield { records: [], checkpoint: cursor.checkpoint() };
  },
};
