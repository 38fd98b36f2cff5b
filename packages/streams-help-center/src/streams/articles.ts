import { defineZendeskStream, perBrand, unavailableRule } from "@calabi/zendesk-common";
import { type CursorFormat } from "@calabi/kernel";
import { incrementalArticlesPaginator } from "./incremental-articles-paginator.js";
import { articleSchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";

/**
 * `help_center/incremental/articles?start_time=` (N0: `next_page`, no size), per brand host.
 * State `{"updated_at": "<unix>"}`; as a parent (`parent_state.articles`) the record's ISO format.
 */
function articlesStream(stateFormat: CursorFormat) {
  return perBrand(
    defineZendeskStream({
      name: "articles",
      path: "help_center/incremental/articles",
      paginator: incrementalArticlesPaginator,
      records: "articles",
      primaryKey: "id",
      schema: articleSchema,
      incremental: {
        kind: "server",
        cursorField: "updated_at",
        stateFormat,
        startParams: (start) => ({ start_time: String(start) }),
        // The next page starts at the previous page's end_time: records of that second come again.
        dedupeAcrossPages: true,
      },
      start: startSeconds,
      rules: [unavailableRule("Help Center")],
    }),
    "Help Center",
  );
}

export const articles = articlesStream("unix");
/** The same stream read as the parent of the article substreams. */
export const articlesAsParent = articlesStream("iso");
