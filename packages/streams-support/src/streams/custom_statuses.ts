import { defineRestStream, nextPagePaginator } from "@calabi/kernel";
import { startSeconds } from "../common/start.js";
import { customStatusSchema } from "../schemas/custom-statuses.js";

/** Every custom ticket status, in one response (family N0): what a ticket's `custom_status_id` means. */
export const customStatuses = defineRestStream({
  name: "custom_statuses",
  path: "custom_statuses",
  paginator: () => nextPagePaginator(),
  records: "custom_statuses",
  primaryKey: "id",
  schema: customStatusSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
