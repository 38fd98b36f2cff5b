/**
 * Article substreams: votes, comments and comment votes, one partition per article (per comment
 * for comment votes), with Airbyte's per-partition state and nested `parent_state`.
 */
import { defineGuideChildStream, linksPaginator } from "@calabi/zendesk-common";
import { type StreamRecord } from "@calabi/kernel";
import { articleCommentSchema, voteSchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";
import { articlesAsParent } from "./articles.js";

const cbp = () => linksPaginator({ pageSize: 100 });
const articlePartition = (article: StreamRecord) => ({ article_id: article.id, parent_slice: {} });

export const articleVotes = defineGuideChildStream({
  name: "article_votes",
  area: "Help Center",
  parent: articlesAsParent,
  schema: voteSchema,
  partition: articlePartition,
  path: (article) => `help_center/articles/${article.id}/votes`,
  records: "votes",
  paginator: cbp,
  start: startSeconds,
});

/** Adds `_airbyte_parent_id = {article_id: source_id, comment_id: id}` (comment votes partition on it). */
export const articleComments = defineGuideChildStream({
  name: "article_comments",
  area: "Help Center",
  parent: articlesAsParent,
  schema: articleCommentSchema,
  partition: articlePartition,
  path: (article) => `help_center/articles/${article.id}/comments`,
  records: "comments",
  paginator: cbp,
  start: startSeconds,
  transform: (comment) => ({ ...comment, _airbyte_parent_id: { article_id: comment.source_id, comment_id: comment.id } }),
});

export const articleCommentVotes = defineGuideChildStream({
  name: "article_comment_votes",
  area: "Help Center",
  parent: articleComments,
  schema: voteSchema,
  partition: (comment) => {
    const id = comment._airbyte_parent_id as { article_id: number; comment_id: number } | undefined;
    return id ? { id, parent_slice: { article_id: id.article_id, parent_slice: {} } } : undefined;
  },
  path: (_comment, partition) => {
    const id = partition.id as { article_id: number; comment_id: number };
    return `help_center/articles/${id.article_id}/comments/${id.comment_id}/votes`;
  },
  records: "votes",
  paginator: cbp,
  start: startSeconds,
});
