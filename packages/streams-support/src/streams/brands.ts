import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { brandSchema } from "../schemas/brands.js";

/** Full refresh; deleted brands come back marked `is_deleted: true`. */
export const brands = defineZendeskStream({
  name: "brands",
  path: "brands",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "brands",
  primaryKey: "id",
  schema: brandSchema,
  start: (ctx) => startSeconds(ctx),
});
