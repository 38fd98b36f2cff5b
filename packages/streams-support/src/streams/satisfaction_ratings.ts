import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { satisfactionRatingSchema } from "../schemas/satisfaction-ratings.js";
import { checkpointAtEnd } from "../common/checkpoint-at-end.js";
import { startSeconds } from "../common/start.js";

/**
 * Server-side incremental (`start_time`, `sort=created_at`) with state `{updated_at: unix}`. Pages
 * come in `created_at` order, not `updated_at` order, so the state is written after the last page.
 */
export const satisfactionRatings = checkpointAtEnd(
  defineZendeskStream({
    name: "satisfaction_ratings",
    path: "satisfaction_ratings.json",
    params: { sort: "created_at" },
    paginator: () => linksPaginator({ pageSize: 100 }),
    records: "satisfaction_ratings",
    primaryKey: "id",
    schema: satisfactionRatingSchema,
    incremental: { kind: "server", cursorField: "updated_at", stateFormat: "unix", startParams: (start) => ({ start_time: String(start) }) },
    start: (ctx) => startSeconds(ctx),
  }),
);
