import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { triggerSchema } from "../schemas/triggers.js";

export const triggers = defineZendeskStream({
  name: "triggers",
  path: "triggers",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "triggers",
  primaryKey: "id",
  schema: triggerSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
