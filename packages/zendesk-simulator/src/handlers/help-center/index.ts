/**
 * Help Center endpoints (ZENDESK-API.md §9) on every Help Center brand host: categories,
 * sections, articles, incremental articles (§4.7), and per-article attachments, votes, comments
 * and comment votes. Child lists ignore `start_time` (connectors filter client-side).
 */
import { fromIso } from "../../clock.js";
import { buildUrl, HttpError, intParam, json } from "../../http-util.js";
import type { Route, RouteContext } from "../../simulator.js";
import { attachmentRoutes } from "./attachments.js";
import { brandRoutes } from "./brands.js";
import { hcList, helpCenterOf, linkPath, RECORD_NOT_FOUND, requireParent } from "./common.js";

function categories(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  return hcList(ctx, "categories", guide.helpCenter.ofBrand(guide.helpCenter.categories, brand), "help_center/categories");
}

function sections(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  return hcList(ctx, "sections", guide.helpCenter.ofBrand(guide.helpCenter.sections, brand), "help_center/sections");
}

function articles(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  return hcList(ctx, "articles", guide.helpCenter.ofBrand(guide.helpCenter.articles, brand), "help_center/articles");
}

/** `start_time` → articles changed at or after it, oldest first; `next_page` only while pages are full. */
function incrementalArticles(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  const start = intParam(ctx.query, "start_time");
  if (start === undefined || Number.isNaN(start) || start < 0) {
    throw new HttpError(400, { error: "InvalidValue", description: "start_time is required and must be a unix timestamp" });
  }
  const size = guide.options.incrementalPageSize;
  const changed = guide.helpCenter
    .ofBrand(guide.helpCenter.articles, brand)
    .map((a) => ({ a, t: fromIso(a.updated_at as string) }))
    .filter((x) => x.t >= start)
    .sort((x, y) => x.t - y.t || (x.a.id as number) - (y.a.id as number));
  const page = changed.slice(0, size);
  const endTime = page.length ? page[page.length - 1].t : start;
  const full = changed.length > size;
  return json(200, {
    articles: page.map((x) => x.a),
    count: page.length,
    next_page: full ? buildUrl(ctx.origin, linkPath(ctx), [["start_time", String(endTime)]]) : null,
    end_time: endTime,
  });
}

function articleChild(kind: "attachments" | "votes" | "comments") {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = helpCenterOf(ctx);
    const hc = guide.helpCenter;
    const article = requireParent(hc.articles, hc.brandOf, hc.access, brand, ctx.params.article_id);
    const id = article.id as number;
    if (kind === "attachments") return hcList(ctx, "article_attachments", hc.attachmentsOf(id), "help_center/articles/attachments");
    if (kind === "votes") return hcList(ctx, "votes", hc.votesFor(`article:${id}`), "help_center/articles/votes");
    return hcList(ctx, "comments", hc.commentsFor(id), "help_center/articles/comments");
  };
}

function commentVotes(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  const hc = guide.helpCenter;
  const article = requireParent(hc.articles, hc.brandOf, hc.access, brand, ctx.params.article_id);
  const commentId = Number(ctx.params.comment_id);
  const comment = hc.comments.get(commentId);
  if (!comment || comment.source_id !== article.id) throw new HttpError(404, RECORD_NOT_FOUND);
  return hcList(ctx, "votes", hc.votesFor(`comment:${commentId}`), "help_center/articles/comments/votes");
}

const HC = "/api/v2/help_center";

export const helpCenterRoutes: Route[] = [
  { method: "GET", path: `${HC}/categories`, handler: categories },
  { method: "GET", path: `${HC}/sections`, handler: sections },
  { method: "GET", path: `${HC}/articles`, handler: articles },
  { method: "GET", path: `${HC}/incremental/articles`, handler: incrementalArticles },
  { method: "GET", path: `${HC}/articles/:article_id/attachments`, handler: articleChild("attachments") },
  { method: "GET", path: `${HC}/articles/:article_id/votes`, handler: articleChild("votes") },
  { method: "GET", path: `${HC}/articles/:article_id/comments`, handler: articleChild("comments") },
  { method: "GET", path: `${HC}/articles/:article_id/comments/:comment_id/votes`, handler: commentVotes },
  ...attachmentRoutes,
  ...brandRoutes,
];
