import { defineZendeskStream, linksPaginator, perBrand, unavailableRule } from "@calabi/zendesk-common";
import { sectionSchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";

/** `help_center/sections` (L), full refresh, per brand host; `outdated` kept as returned. */
export const sections = perBrand(
  defineZendeskStream({
    name: "sections",
    path: "help_center/sections",
    paginator: () => linksPaginator({ pageSize: 100 }),
    records: "sections",
    primaryKey: "id",
    schema: sectionSchema,
    start: startSeconds,
    rules: [unavailableRule("Help Center")],
  }),
  "Help Center",
);
