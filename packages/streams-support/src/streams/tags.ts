import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { tagSchema } from "../schemas/tags.js";
import { startSeconds } from "../common/start.js";

export const tags = defineZendeskStream({
  name: "tags",
  path: "tags",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "tags",
  primaryKey: "name",
  schema: tagSchema,
  start: (ctx) => startSeconds(ctx),
});
