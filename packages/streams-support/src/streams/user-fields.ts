import { defineRestStream, nextPagePaginator } from "@calabi/kernel";
import { startSeconds } from "../common/start.js";
import { userFieldSchema } from "../schemas/user-fields.js";

export const userFields = defineRestStream({
  name: "user_fields",
  path: "user_fields",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "user_fields",
  primaryKey: "id",
  schema: userFieldSchema,
  start: (ctx) => startSeconds(ctx),
});
