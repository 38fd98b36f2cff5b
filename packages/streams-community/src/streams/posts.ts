import { defineZendeskStream, linksPaginator, perBrand, unavailableRule } from "@calabi/zendesk-common";
import { type CursorFormat } from "@calabi/kernel";
import { postSchema } from "../schemas/community.js";
import { resumeSeconds, startSeconds } from "../common/start.js";

/**
 * `community/posts?start_time=` (L), per brand host. Posts come in the API's own order, not by
 * `updated_at`, so the cursor is filtered client-side and saved once the list is read:
 * `{"updated_at": "<unix>"}` (ISO under `parent_state.posts`, the record's raw format).
 */
function postsStream(stateFormat: CursorFormat) {
  return perBrand(
    defineZendeskStream({
      name: "posts",
      path: "community/posts",
      params: (ctx) => ({ start_time: String(resumeSeconds(ctx)) }),
      paginator: () => linksPaginator({ pageSize: 100 }),
      records: "posts",
      primaryKey: "id",
      schema: postSchema,
      incremental: { kind: "client", cursorField: "updated_at", stateFormat },
      start: startSeconds,
      rules: [unavailableRule("Community")],
    }),
    "Community",
  );
}

export const posts = postsStream("unix");
export const postsAsParent = postsStream("iso");
