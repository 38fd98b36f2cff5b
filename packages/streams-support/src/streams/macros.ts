import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { macroSchema } from "../schemas/macros.js";

export const macros = defineZendeskStream({
  name: "macros",
  path: "macros",
  params: { sort_by: "created_at", sort_order: "asc" },
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "macros",
  primaryKey: "id",
  schema: macroSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
