import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { ticketActivitySchema } from "../schemas/ticket-activities.js";
import { startSeconds } from "../common/start.js";

/** `/activities` (the last 30 days, oldest first); client-side incremental on `updated_at`, state ISO. */
export const ticketActivities = defineZendeskStream({
  name: "ticket_activities",
  path: "activities.json",
  params: { sort: "created_at", sort_by: "created_at", sort_order: "asc" },
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "activities",
  primaryKey: "id",
  schema: ticketActivitySchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
