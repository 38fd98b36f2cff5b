/**
 * Community endpoints (ZENDESK-API.md §10) on every Help Center brand host, served at
 * `/api/v2/community/…` and at the `/api/v2/help_center/community/…` alias that record `url`s and
 * pagination links use. Child lists ignore `start_time`.
 */
import type { JsonObject } from "../../core/types.js";
import { HttpError, json } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { communityOf, hcList, RECORD_NOT_FOUND, requireParent } from "../help-center/common.js";

function topics(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  return hcList(ctx, "topics", guide.community.ofBrand(guide.community.topics, brand), "community/topics");
}

function posts(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  return hcList(ctx, "posts", guide.community.ofBrand(guide.community.posts, brand), "community/posts");
}

function postChild(kind: "comments" | "votes") {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = communityOf(ctx);
    const cm = guide.community;
    const post = requireParent(cm.posts, cm.brandOf, cm.access, brand, ctx.params.post_id);
    const id = post.id as number;
    return kind === "comments" ? hcList(ctx, "comments", cm.commentsFor(id), "community/posts/comments") : hcList(ctx, "votes", cm.votesFor(`post:${id}`), "community/posts/votes");
  };
}

function commentVotes(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  const cm = guide.community;
  const post = requireParent(cm.posts, cm.brandOf, cm.access, brand, ctx.params.post_id);
  const commentId = Number(ctx.params.comment_id);
  const comment = cm.comments.get(commentId);
  if (!comment || comment.post_id !== post.id) throw new HttpError(404, RECORD_NOT_FOUND);
  return hcList(ctx, "votes", cm.votesFor(`comment:${commentId}`), "community/posts/comments/votes");
}

function topicShow(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  const cm = guide.community;
  return json(200, { topic: requireParent(cm.topics, cm.brandOf, cm.access, brand, ctx.params.id) });
}

function topicPosts(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  const cm = guide.community;
  const topic = requireParent(cm.topics, cm.brandOf, cm.access, brand, ctx.params.topic_id);
  return hcList(ctx, "posts", cm.ofBrand(cm.posts, brand).filter((p) => p.topic_id === topic.id), "community/topics/posts");
}

function postShow(ctx: RouteContext): Response {
  const { guide, brand } = communityOf(ctx);
  const cm = guide.community;
  return json(200, { post: requireParent(cm.posts, cm.brandOf, cm.access, brand, ctx.params.id) });
}

/** One comment or vote of a post, or one vote of a post comment. */
function postChildShow(kind: "comment" | "vote" | "comment-vote") {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = communityOf(ctx);
    const cm = guide.community;
    const post = requireParent(cm.posts, cm.brandOf, cm.access, brand, ctx.params.post_id);
    const id = Number(ctx.params.id);
    let found: JsonObject | undefined;
    if (kind === "comment") found = cm.commentsFor(post.id as number).find((c) => c.id === id);
    else if (kind === "vote") found = cm.votesFor(`post:${post.id}`).find((v) => v.id === id);
    else {
      const comment = cm.comments.get(Number(ctx.params.comment_id));
      if (comment?.post_id === post.id) found = cm.votesFor(`comment:${comment.id}`).find((v) => v.id === id);
    }
    if (!found) throw new HttpError(404, RECORD_NOT_FOUND);
    return json(200, { [kind === "comment" ? "comment" : "vote"]: found });
  };
}

const paths: [string, Route["handler"]][] = [
  ["/topics", topics],
  ["/topics/:id", topicShow],
  ["/topics/:topic_id/posts", topicPosts],
  ["/posts", posts],
  ["/posts/:id", postShow],
  ["/posts/:post_id/comments/:id", postChildShow("comment")],
  ["/posts/:post_id/votes/:id", postChildShow("vote")],
  ["/posts/:post_id/comments/:comment_id/votes/:id", postChildShow("comment-vote")],
  ["/posts/:post_id/comments", postChild("comments")],
  ["/posts/:post_id/votes", postChild("votes")],
  ["/posts/:post_id/comments/:comment_id/votes", commentVotes],
];

export const communityRoutes: Route[] = paths.flatMap(([path, handler]) => [
  { method: "GET" as const, path: `/api/v2/community${path}`, handler },
  { method: "GET" as const, path: `/api/v2/help_center/community${path}`, handler },
]);
