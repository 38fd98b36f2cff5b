import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { deletedTicketSchema } from "../schemas/deleted-tickets.js";
import { startSeconds } from "../common/start.js";

/**
 * Soft-deleted tickets not yet scrubbed (about 30 days): every record is a deletion marker, the
 * `tickets` stream holds no deleted tickets. A 403 means the user lacks `view_deleted_tickets`:
 * the stream is skipped with a WARN saying so.
 */
export const deletedTickets = defineZendeskStream({
  name: "deleted_tickets",
  path: "deleted_tickets.json",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "deleted_tickets",
  primaryKey: "id",
  schema: deletedTicketSchema,
  rules: [
    (r) =>
      r.status === 403
        ? { action: "skip", scope: "stream", message: "Zendesk answered 403 for /api/v2/deleted_tickets: the user lacks the view_deleted_tickets permission (an admin, or a custom role with \"can view deleted tickets\"). Skipping deleted_tickets; deletions will not be reported." }
        : undefined,
  ],
  start: (ctx) => startSeconds(ctx),
});
