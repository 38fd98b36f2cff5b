import { defineZendeskStream, linksPaginator, perBrand, unavailableRule } from "@calabi/zendesk-common";
import { categorySchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";

/** `help_center/categories` (L), full refresh, per brand host; `outdated` kept as returned. */
export const categories = perBrand(
  defineZendeskStream({
    name: "categories",
    path: "help_center/categories",
    paginator: () => linksPaginator({ pageSize: 100 }),
    records: "categories",
    primaryKey: "id",
    schema: categorySchema,
    start: startSeconds,
    rules: [unavailableRule("Help Center")],
  }),
  "Help Center",
);
