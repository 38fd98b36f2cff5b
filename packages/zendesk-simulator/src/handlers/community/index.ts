/**
 * Community endpoints (ZENDESK-API.md §10) on every Help Center brand host, served at
 * `/api/v2/community/…` and at the `/api/v2/help_center/community/…` alias that record `url`s and
 * pagination links use. Child lists ignore `start_time`.
 */
import { HttpError } from "../../http-util.js";
import type { Route, RouteContext } from "../../simulator.js";
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

const paths: [string, Route["handler"]][] = [
  ["/topics", topics],
  ["/posts", posts],
  ["/posts/:post_id/comments", postChild("comments")],
  ["/posts/:post_id/votes", postChild("votes")],
  ["/posts/:post_id/comments/:comment_id/votes", commentVotes],
];

export const communityRoutes: Route[] = paths.flatMap(([path, handler]) => [
  { method: "GET" as const, path: `/api/v2/community${path}`, handler },
  { method: "GET" as const, path: `/api/v2/help_center/community${path}`, handler },
]);
