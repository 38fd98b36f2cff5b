import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { automationSchema } from "../schemas/automations.js";

export const automations = defineZendeskStream({
  name: "automations",
  path: "automations",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "automations",
  primaryKey: "id",
  schema: automationSchema,
  start: (ctx) => startSeconds(ctx),
});
