import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { ticketFieldSchema } from "../schemas/ticket-fields.js";

export const ticketFields = defineZendeskStream({
  name: "ticket_fields",
  path: "ticket_fields",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "ticket_fields",
  primaryKey: "id",
  schema: ticketFieldSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
