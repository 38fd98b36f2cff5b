import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { tagSchema } from "../schemas/tags.js";
import { startSeconds } from "../common/start.js";

export const tags = defineRestStream({
  name: "tags",
  path: "tags",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "tags",
  primaryKey: "name",
  schema: tagSchema,
  start: (ctx) => startSeconds(ctx),
});
