import { defineZendeskStream, linksPaginator, perBrand, unavailableRule } from "@calabi/zendesk-common";
import { topicSchema } from "../schemas/community.js";
import { startSeconds } from "../common/start.js";

/** `community/topics` (L), client-side incremental on `updated_at` (ISO state), per brand host. */
export const topics = perBrand(
  defineZendeskStream({
    name: "topics",
    path: "community/topics",
    paginator: () => linksPaginator({ pageSize: 100 }),
    records: "topics",
    primaryKey: "id",
    schema: topicSchema,
    incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
    start: startSeconds,
    rules: [unavailableRule("Community")],
  }),
  "Community",
);
