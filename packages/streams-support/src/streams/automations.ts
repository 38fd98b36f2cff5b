import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { startSeconds } from "../common/start.js";
import { automationSchema } from "../schemas/automations.js";

export const automations = defineRestStream({
  name: "automations",
  path: "automations",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "automations",
  primaryKey: "id",
  schema: automationSchema,
  start: (ctx) => startSeconds(ctx),
});
