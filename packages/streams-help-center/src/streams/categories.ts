import { perBrand, unavailableRule } from "@calabi/auth-zendesk";
import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { categorySchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";

/** `help_center/categories` (L), full refresh, per brand host; `outdated` kept as returned. */
export const categories = perBrand(
  defineRestStream({
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
