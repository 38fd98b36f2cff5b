import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { userFieldSchema } from "../schemas/user-fields.js";

export const userFields = defineZendeskStream({
  name: "user_fields",
  path: "user_fields",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "user_fields",
  primaryKey: "id",
  schema: userFieldSchema,
  start: (ctx) => startSeconds(ctx),
});
