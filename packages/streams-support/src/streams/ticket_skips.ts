import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { ticketSkipSchema } from "../schemas/ticket-skips.js";
import { startSeconds } from "../common/start.js";

/** `/skips.json` newest first; client-side incremental on `updated_at`, state ISO. */
export const ticketSkips = defineZendeskStream({
  name: "ticket_skips",
  path: "skips.json",
  params: { sort_order: "desc" },
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "skips",
  primaryKey: "id",
  schema: ticketSkipSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
