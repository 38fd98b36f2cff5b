/**
 * Help Center endpoints (ZENDESK-API.md §9) on every Help Center brand host: categories,
 * sections, articles, incremental articles (§4.7), and per-article attachments, votes, comments
 * and comment votes, each list with its show endpoint. Categories, sections and articles also answer
 * under `/help_center/{locale}/…` (the form of their records' `url`), and per parent
 * (`/categories/{id}/sections`, `/sections/{id}/articles`, …). Child lists ignore `start_time`
 * (connectors filter client-side).
 */
import { fromIso } from "../../util/clock.js";
import { buildUrl, HttpError, intParam, json } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { attachmentRoutes } from "./attachments.js";
import { brandRoutes } from "./brands.js";
import { hcList, helpCenterOf, linkPath, RECORD_NOT_FOUND, requireParent } from "./common.js";

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

/** `{locale}` of a locale-prefixed route: every simulated record is `en-us`; other locales hold nothing. */
function localeMatches(ctx: RouteContext): boolean {
  const locale = ctx.params.locale;
  return locale === undefined || locale.toLowerCase() === "en-us";
}

type HcMap = "categories" | "sections" | "articles";

/** A Help Center list, optionally under a parent (`/categories/{id}/sections`, `/sections/{id}/articles`, …). */
function hcListOf(map: HcMap, parent?: { field: "category_id" | "section_id"; map: "categories" | "sections" }) {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = helpCenterOf(ctx);
    const hc = guide.helpCenter;
    let items = localeMatches(ctx) ? hc.ofBrand(hc[map], brand) : [];
    if (parent) {
      const owner = requireParent(hc[parent.map], hc.brandOf, hc.access, brand, ctx.params.parent_id);
      if (map === "articles" && parent.map === "categories") {
        const sections = new Set(hc.ofBrand(hc.sections, brand).filter((x) => x.category_id === owner.id).map((x) => x.id));
        items = items.filter((r) => sections.has(r.section_id));
      } else items = items.filter((r) => r[parent.field] === owner.id);
    }
    return hcList(ctx, map, items, `help_center/${map}`);
  };
}

/** `GET /help_center/[{locale}/]{categories|sections|articles}/{id}` → `{category|section|article}`. */
function hcShow(map: HcMap, key: string) {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = helpCenterOf(ctx);
    const hc = guide.helpCenter;
    if (!localeMatches(ctx)) throw new HttpError(404, RECORD_NOT_FOUND);
    return json(200, { [key]: requireParent(hc[map], hc.brandOf, hc.access, brand, ctx.params.id) });
  };
}

/** One child record of an article (`/articles/{id}/{attachments|votes|comments}/{child}`). */
function articleChildShow(kind: "attachments" | "votes" | "comments") {
  return (ctx: RouteContext): Response => {
    const { guide, brand } = helpCenterOf(ctx);
    const hc = guide.helpCenter;
    const article = requireParent(hc.articles, hc.brandOf, hc.access, brand, ctx.params.article_id);
    const id = Number(ctx.params.id);
    const found =
      kind === "attachments"
        ? hc.attachmentsOf(article.id as number).find((r) => r.id === id)
        : kind === "votes"
          ? hc.votesFor(`article:${article.id}`).find((r) => r.id === id)
          : hc.commentsFor(article.id as number).find((r) => r.id === id);
    if (!found) throw new HttpError(404, RECORD_NOT_FOUND);
    return json(200, { [kind === "attachments" ? "article_attachment" : kind === "votes" ? "vote" : "comment"]: found });
  };
}

function commentVoteShow(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  const hc = guide.helpCenter;
  const article = requireParent(hc.articles, hc.brandOf, hc.access, brand, ctx.params.article_id);
  const comment = hc.comments.get(Number(ctx.params.comment_id));
  const vote = comment && comment.source_id === article.id ? hc.votesFor(`comment:${comment.id}`).find((v) => v.id === Number(ctx.params.id)) : undefined;
  if (!vote) throw new HttpError(404, RECORD_NOT_FOUND);
  return json(200, { vote });
}

/** `/help_center/votes/{id}`: any vote of this brand, on an article or an article comment. */
function voteShow(ctx: RouteContext): Response {
  const { guide, brand } = helpCenterOf(ctx);
  const hc = guide.helpCenter;
  const vote = hc.votes.get(Number(ctx.params.id));
  if (!vote || hc.brandOf.get(vote.id as number) !== brand) throw new HttpError(404, RECORD_NOT_FOUND);
  return json(200, { vote });
}

const HC = "/api/v2/help_center";
const get = (path: string, handler: Route["handler"]): Route => ({ method: "GET", path: `${HC}${path}`, handler });

/** Categories, sections and articles answer with and without the `{locale}` prefix (records' `url`s carry it). */
const localized: [string, Route["handler"]][] = [
  ["/categories", hcListOf("categories")],
  ["/categories/:id", hcShow("categories", "category")],
  ["/categories/:parent_id/sections", hcListOf("sections", { field: "category_id", map: "categories" })],
  ["/categories/:parent_id/articles", hcListOf("articles", { field: "category_id", map: "categories" })],
  ["/sections", hcListOf("sections")],
  ["/sections/:id", hcShow("sections", "section")],
  ["/sections/:parent_id/articles", hcListOf("articles", { field: "section_id", map: "sections" })],
  ["/articles", hcListOf("articles")],
  ["/articles/:id", hcShow("articles", "article")],
];

export const helpCenterRoutes: Route[] = [
  { ...get("/incremental/articles", incrementalArticles), params: ["start_time"] },
  get("/articles/:article_id/attachments", articleChild("attachments")),
  get("/articles/:article_id/attachments/:id", articleChildShow("attachments")),
  get("/articles/:article_id/votes", articleChild("votes")),
  get("/articles/:article_id/votes/:id", articleChildShow("votes")),
  get("/articles/:article_id/comments", articleChild("comments")),
  get("/articles/:article_id/comments/:id", articleChildShow("comments")),
  get("/articles/:article_id/comments/:comment_id/votes", commentVotes),
  get("/articles/:article_id/comments/:comment_id/votes/:id", commentVoteShow),
  get("/votes/:id", voteShow),
  ...localized.map(([path, handler]) => get(path, handler)),
  // after every fixed route: `{locale}` would otherwise swallow `incremental` or an article id
  ...localized.map(([path, handler]) => get(`/:locale${path}`, handler)),
  ...attachmentRoutes,
  ...brandRoutes,
];
