/**
 * Post substreams: comments, votes and comment votes, one partition per post (per comment for
 * comment votes), Airbyte per-partition state with nested `parent_state`
 * (`post_comment_votes` → `post_comments` → `posts`).
 */
import { defineGuideChildStream, linksPaginator } from "@calabi/zendesk-common";
import { type StreamRecord } from "@calabi/kernel";
import { postCommentSchema, voteSchema } from "../schemas/community.js";
import { startSeconds } from "../common/start.js";
import { postsAsParent } from "./posts.js";

const cbp = () => linksPaginator({ pageSize: 100 });
const postPartition = (post: StreamRecord) => ({ post_id: post.id, parent_slice: {} });

/** Adds `_airbyte_parent_id = {post_id, comment_id}` (post_comment_votes partitions on it). */
export const postComments = defineGuideChildStream({
  name: "post_comments",
  area: "Community",
  parent: postsAsParent,
  schema: postCommentSchema,
  partition: postPartition,
  path: (post) => `community/posts/${post.id}/comments`,
  records: "comments",
  paginator: cbp,
  start: startSeconds,
  transform: (comment, post) => ({ ...comment, _airbyte_parent_id: { post_id: comment.post_id ?? post.id, comment_id: comment.id } }),
});

export const postVotes = defineGuideChildStream({
  name: "post_votes",
  area: "Community",
  parent: postsAsParent,
  schema: voteSchema,
  partition: postPartition,
  path: (post) => `community/posts/${post.id}/votes`,
  records: "votes",
  paginator: cbp,
  start: startSeconds,
});

export const postCommentVotes = defineGuideChildStream({
  name: "post_comment_votes",
  area: "Community",
  parent: postComments,
  schema: voteSchema,
  partition: (comment) => {
    const id = comment._airbyte_parent_id as { post_id: number; comment_id: number } | undefined;
    return id ? { id, parent_slice: { post_id: id.post_id, parent_slice: {} } } : undefined;
  },
  path: (_comment, partition) => {
    const id = partition.id as { post_id: number; comment_id: number };
    return `community/posts/${id.post_id}/comments/${id.comment_id}/votes`;
  },
  records: "votes",
  paginator: cbp,
  start: startSeconds,
});
