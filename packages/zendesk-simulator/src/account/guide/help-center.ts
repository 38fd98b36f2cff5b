/**
 * Help Center content per brand: categories, sections, articles, article attachments (with real
 * bytes, see attachment-bytes.ts), article votes, article comments and comment votes. Records
 * carry the brand's host in `url`/`html_url`, as on a real multi-brand account.
 *
 * Mutations move `updated_at` to the simulator's now. Adding a vote or a comment also touches the
 * article (`vote_sum`/`vote_count` or edit time) so that incremental readers see the parent change
 * **[unverified]: whether Zendesk moves an article's updated_at on a new vote/comment**.
 */
import { toIso } from "../../util/clock.js";
import { Rng } from "../../util/prng.js";
import type { ContentSpec } from "./attachment-bytes.js";
import { guideId, guideUserId, type GuideIdKind, type SimBrand } from "./brands.js";
import type { ResolvedGuideOptions } from "./options.js";
import type { AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";

/** Why a child list of an article (or post) is refused: 403 restricted, 404 vanished. */
export type ParentAccess = "forbidden" | "missing";

export interface AttachmentMeta {
  brand: SimBrand;
  content: ContentSpec;
  /** Where the download redirects instead of the CDN (hostile targets), if anywhere. */
  redirect?: string;
}

const CONTENT_TYPES: [string, string][] = [
  ["application/pdf", "pdf"],
  ["image/png", "png"],
  ["text/plain", "txt"],
  ["text/csv", "csv"],
  ["application/zip", "zip"],
];

export const HOSTILE_FILE_NAMES = [
  "../../../../etc/passwd",
  "/etc/shadow",
  "..",
  "C:\\Windows\\system32\\evil.dll",
  "bell\u0007and\nnewline\r.txt",
  "nul\u0000byte.pdf",
  "x".repeat(300) + ".txt",
];

export const HOSTILE_REDIRECTS = [
  "https://evil.example.net/collect?stolen=1",
  "http://169.254.169.254/latest/meta-data/",
  "file:///etc/passwd",
  "LOOP",
];

export class Counter {
  private n = new Map<string, number>();
  next(kind: string): number {
    const v = this.n.get(kind) ?? 0;
    this.n.set(kind, v + 1);
    return v;
  }
}

export class HelpCenterData {
  readonly categories = new Map<number, JsonObject>();
  readonly sections = new Map<number, JsonObject>();
  readonly articles = new Map<number, JsonObject>();
  readonly attachments = new Map<number, JsonObject>();
  readonly attachmentMeta = new Map<number, AttachmentMeta>();
  /** article id → comment ids */
  readonly commentsOf = new Map<number, number[]>();
  readonly comments = new Map<number, JsonObject>();
  /** "article:<id>" or "comment:<id>" → vote ids */
  readonly votesOf = new Map<string, number[]>();
  readonly votes = new Map<number, JsonObject>();
  readonly brandOf = new Map<number, SimBrand>();
  readonly access = new Map<number, ParentAccess>();

  constructor(
    private readonly shape: AccountShape,
    private readonly options: ResolvedGuideOptions,
    private readonly ids: Counter,
    private readonly now: () => number,
  ) {}

  private id(kind: GuideIdKind): number {
    return guideId(this.shape.seed, kind, this.ids.next(kind));
  }

  private api(brand: SimBrand): string {
    return `${brand.origin}/api/v2/help_center`;
  }

  private when(label: string, n: number): { created: number; updated: number } {
    const rng = Rng.for(this.shape.seed, `guide-time:${label}`, n);
    const { historyStart, historyEnd } = this.shape;
    const created = historyStart + Math.floor(rng.float() * (historyEnd - historyStart) * 0.8);
    const updated = rng.bool(0.4) ? created : Math.min(historyEnd, created + rng.int(1, 60 * 86_400));
    return { created, updated };
  }

  generate(brand: SimBrand): void {
    const seed = this.shape.seed;
    const sectionIds: number[] = [];
    for (let c = 0; c < 3; c++) {
      const cat = this.addCategory(brand, c);
      for (let s = 0; s < 2; s++) sectionIds.push(this.addSection(brand, cat.id as number, s, s === 1 ? sectionIds[sectionIds.length - 1] : null).id as number);
    }
    for (let a = 0; a < this.options.articlesPerBrand; a++) {
      const rng = Rng.for(seed, `guide-article:${brand.index}`, a);
      const article = this.insertArticle(brand, sectionIds[a % sectionIds.length], a, this.when(`article:${brand.index}`, a));
      const aid = article.id as number;
      const nAttachments = rng.weighted([[0, 5], [1, 3], [2, 2]] as const);
      for (let k = 0; k < nAttachments; k++) this.insertAttachment(brand, aid, `${brand.index}:${a}:${k}`);
      // Identical content under another name: stored once by a content-hash store.
      if (brand.index === 0 && a === 1) this.insertAttachment(brand, aid, `0:0:dup`, { key: "shared-logo", name: "logo-copy.png", type: "image/png", size: 3000 });
      if (brand.index === 0 && a === 2) this.insertAttachment(brand, aid, `0:0:dup2`, { key: "shared-logo", name: "logo.png", type: "image/png", size: 3000 });
      const nVotes = rng.int(0, 4);
      for (let v = 0; v < nVotes; v++) this.insertVote(brand, "article", aid, rng.bool(0.8) ? 1 : -1, article.created_at as string);
      const nComments = rng.int(0, 3);
      for (let k = 0; k < nComments; k++) {
        const comment = this.insertComment(brand, aid, article.created_at as string);
        const nCv = rng.int(0, 2);
        for (let v = 0; v < nCv; v++) this.insertVote(brand, "comment", comment.id as number, 1, comment.created_at as string);
      }
      this.recount(aid);
    }
    if (brand.index === 0 && this.options.hostileAttachments) {
      const first = [...this.articles.values()].find((x) => this.brandOf.get(x.id as number) === brand)!;
      HOSTILE_FILE_NAMES.forEach((name, i) => this.insertAttachment(brand, first.id as number, `hostile-name:${i}`, { key: `hostile-name:${i}`, name, type: "text/plain", size: 64 + i }));
      HOSTILE_REDIRECTS.forEach((target, i) =>
        this.insertAttachment(brand, first.id as number, `hostile-redirect:${i}`, { key: `hostile-redirect:${i}`, name: `redirect-${i}.txt`, type: "text/plain", size: 32, redirect: target }),
      );
    }
    if (brand.index === 0 && this.options.largeAttachmentBytes > 0) {
      const first = [...this.articles.values()].find((x) => this.brandOf.get(x.id as number) === brand)!;
      this.insertAttachment(brand, first.id as number, "large", { key: "large", name: "large-video.zip", type: "application/zip", size: this.options.largeAttachmentBytes });
    }
  }

  private addCategory(brand: SimBrand, n: number): JsonObject {
    const id = this.id("category");
    const t = this.when(`category:${brand.index}`, n);
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/en-us/categories/${id}.json`,
      html_url: `${brand.origin}/hc/en-us/categories/${id}-Category-${n + 1}`,
      position: n,
      created_at: toIso(t.created),
      updated_at: toIso(t.updated),
      name: `Category ${n + 1}`,
      description: n === 0 ? "" : `Everything about topic ${n + 1}`,
      locale: "en-us",
      source_locale: "en-us",
      outdated: n === 2,
    };
    this.categories.set(id, r);
    this.brandOf.set(id, brand);
    return r;
  }

  private addSection(brand: SimBrand, categoryId: number, n: number, parent: number | null): JsonObject {
    const id = this.id("section");
    const t = this.when(`section:${brand.index}`, id);
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/en-us/sections/${id}.json`,
      html_url: `${brand.origin}/hc/en-us/sections/${id}-Section-${n + 1}`,
      category_id: categoryId,
      position: n,
      sorting: "manual",
      created_at: toIso(t.created),
      updated_at: toIso(t.updated),
      name: `Section ${n + 1}`,
      description: "",
      locale: "en-us",
      source_locale: "en-us",
      outdated: false,
      parent_section_id: parent,
      theme_template: "section_page",
    };
    this.sections.set(id, r);
    this.brandOf.set(id, brand);
    return r;
  }

  private insertArticle(brand: SimBrand, sectionId: number, n: number, t: { created: number; updated: number }): JsonObject {
    const id = this.id("article");
    const rng = Rng.for(this.shape.seed, "guide-article-fields", id);
    const title = `How to ${["reset your password", "export data", "configure SSO", "invite a teammate", "cancel a plan", "use the API"][n % 6]} (${n + 1})`;
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/en-us/articles/${id}.json`,
      html_url: `${brand.origin}/hc/en-us/articles/${id}-${title.replace(/[^A-Za-z0-9]+/g, "-")}`,
      author_id: guideUserId(this.shape, "agent", rng.int(0, 4)),
      comments_disabled: rng.bool(0.1),
      draft: rng.bool(0.15),
      promoted: rng.bool(0.1),
      position: 0,
      vote_sum: 0,
      vote_count: 0,
      section_id: sectionId,
      created_at: toIso(t.created),
      updated_at: toIso(t.updated),
      name: title,
      title,
      source_locale: "en-us",
      locale: "en-us",
      outdated: false,
      outdated_locales: [],
      edited_at: toIso(t.updated),
      user_segment_id: null,
      // [rec] samples/help-center-incremental-articles.json: the list form sits next to the single id
      user_segment_ids: [],
      permission_group_id: 1,
      content_tag_ids: [],
      label_names: rng.bool(0.3) ? ["faq"] : [],
      body: `<p>${title}. Step one, step two.</p>`,
    };
    this.articles.set(id, r);
    this.brandOf.set(id, brand);
    this.commentsOf.set(id, []);
    this.votesOf.set(`article:${id}`, []);
    return r;
  }

  private insertAttachment(
    brand: SimBrand,
    articleId: number,
    label: string,
    fixed?: { key: string; name: string; type: string; size: number; redirect?: string },
  ): JsonObject {
    const id = this.id("attachment");
    const rng = Rng.for(this.shape.seed, "guide-attachment", id);
    const [type, ext] = fixed ? [fixed.type, ""] : rng.pick(CONTENT_TYPES);
    const name = fixed?.name ?? `${["manual", "screenshot", "notes", "export", "bundle"][rng.int(0, 4)]}-${label.replace(/:/g, "-")}.${ext}`;
    const size = fixed?.size ?? rng.int(200, 24_000);
    const article = this.articles.get(articleId)!;
    const at = (article.created_at as string) ?? toIso(this.now());
    const relative = `/hc/article_attachments/${id}/${encodeURIComponent(name).replace(/^\.+$/, (dots) => "%2E".repeat(dots.length))}`;
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/articles/${articleId}/attachments/${id}.json`,
      article_id: articleId,
      display_file_name: name,
      file_name: name,
      locale: "en-us",
      content_url: `${brand.origin}${relative}`,
      relative_path: relative,
      content_type: type,
      size,
      inline: rng.bool(0.3),
      created_at: at,
      updated_at: at,
    };
    this.attachments.set(id, r);
    this.brandOf.set(id, brand);
    this.attachmentMeta.set(id, { brand, content: { key: fixed?.key ?? `attachment:${id}`, size, contentType: type }, redirect: fixed?.redirect });
    return r;
  }

  private insertComment(brand: SimBrand, articleId: number, notBefore: string, at?: number): JsonObject {
    const id = this.id("articleComment");
    const rng = Rng.for(this.shape.seed, "guide-comment", id);
    const created = at ?? Math.min(this.shape.historyEnd, Date.parse(notBefore) / 1000 + rng.int(60, 20 * 86_400));
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/articles/${articleId}/comments/${id}.json`,
      body: `<p>Comment ${id % 1000}: thanks, this helped.</p>`,
      author_id: guideUserId(this.shape, "user", rng.int(0, 20)),
      source_id: articleId,
      source_type: "Article",
      html_url: `${brand.origin}/hc/en-us/articles/${articleId}/comments/${id}`,
      locale: "en-us",
      created_at: toIso(created),
      updated_at: toIso(created),
      vote_sum: 0,
      vote_count: 0,
      non_author_editor_id: null,
      non_author_updated_at: null,
    };
    this.comments.set(id, r);
    this.brandOf.set(id, brand);
    this.commentsOf.get(articleId)!.push(id);
    this.votesOf.set(`comment:${id}`, []);
    return r;
  }

  private insertVote(brand: SimBrand, on: "article" | "comment", itemId: number, value: number, notBefore: string, at?: number): JsonObject {
    const id = this.id("vote");
    const rng = Rng.for(this.shape.seed, "guide-vote", id);
    const created = at ?? Math.min(this.shape.historyEnd, Date.parse(notBefore) / 1000 + rng.int(60, 30 * 86_400));
    const path = on === "article" ? `articles/${itemId}` : `articles/${this.comments.get(itemId)!.source_id}/comments/${itemId}`;
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/${path}/votes/${id}.json`,
      user_id: guideUserId(this.shape, "user", rng.int(0, 40)),
      value,
      item_id: itemId,
      item_type: on === "article" ? "Article" : "Comment",
      created_at: toIso(created),
      updated_at: toIso(created),
    };
    this.votes.set(id, r);
    this.brandOf.set(id, brand);
    this.votesOf.get(`${on}:${itemId}`)!.push(id);
    return r;
  }

  /** vote_sum / vote_count of an article and its comments from their votes. */
  private recount(articleId: number): void {
    const sum = (key: string) => (this.votesOf.get(key) ?? []).map((v) => this.votes.get(v)!.value as number);
    const a = this.articles.get(articleId)!;
    const av = sum(`article:${articleId}`);
    this.articles.set(articleId, { ...a, vote_sum: av.reduce((x, y) => x + y, 0), vote_count: av.length });
    for (const cid of this.commentsOf.get(articleId) ?? []) {
      const c = this.comments.get(cid)!;
      const cv = sum(`comment:${cid}`);
      this.comments.set(cid, { ...c, vote_sum: cv.reduce((x, y) => x + y, 0), vote_count: cv.length });
    }
  }

  // ---- mutations ----------------------------------------------------------------

  private touchArticle(articleId: number): void {
    const a = this.requireArticle(articleId);
    this.articles.set(articleId, { ...a, updated_at: toIso(this.now()) });
  }

  requireArticle(id: number): JsonObject {
    const a = this.articles.get(id);
    if (!a) throw new Error(`article ${id} not found`);
    return a;
  }

  createArticle(brand: SimBrand, fields: JsonObject = {}): JsonObject {
    const sectionId = [...this.sections.values()].find((s) => this.brandOf.get(s.id as number) === brand)?.id as number;
    const now = this.now();
    const r = this.insertArticle(brand, sectionId, this.articles.size, { created: now, updated: now });
    const merged = { ...r, ...fields, id: r.id };
    this.articles.set(r.id as number, merged);
    return structuredClone(merged);
  }

  updateArticle(id: number, patch: JsonObject = {}): JsonObject {
    const a = this.requireArticle(id);
    const now = toIso(this.now());
    const r = { ...a, ...patch, id, updated_at: now, edited_at: now };
    this.articles.set(id, r);
    return structuredClone(r);
  }

  addArticleVote(articleId: number, value = 1): JsonObject {
    const brand = this.brandOf.get(articleId)!;
    this.requireArticle(articleId);
    const v = this.insertVote(brand, "article", articleId, value, "", this.now());
    this.recount(articleId);
    this.touchArticle(articleId);
    return structuredClone(v);
  }

  addArticleComment(articleId: number): JsonObject {
    const brand = this.brandOf.get(articleId)!;
    this.requireArticle(articleId);
    const c = this.insertComment(brand, articleId, "", this.now());
    this.touchArticle(articleId);
    return structuredClone(c);
  }

  addCommentVote(commentId: number, value = 1): JsonObject {
    const c = this.comments.get(commentId);
    if (!c) throw new Error(`comment ${commentId} not found`);
    const articleId = c.source_id as number;
    const v = this.insertVote(this.brandOf.get(commentId)!, "comment", commentId, value, "", this.now());
    this.recount(articleId);
    // The comment's vote counters changed: the comment and its article are touched.
    this.comments.set(commentId, { ...this.comments.get(commentId)!, updated_at: toIso(this.now()) });
    this.touchArticle(articleId);
    return structuredClone(v);
  }

  addAttachment(articleId: number, spec: { name: string; type: string; size: number; key?: string }): JsonObject {
    const brand = this.brandOf.get(articleId)!;
    const r = this.insertAttachment(brand, articleId, `added:${this.attachments.size}`, { key: spec.key ?? `added:${this.attachments.size}`, ...spec });
    const now = toIso(this.now());
    this.attachments.set(r.id as number, { ...r, created_at: now, updated_at: now });
    this.touchArticle(articleId);
    return structuredClone(this.attachments.get(r.id as number)!);
  }

  /** Children of this article answer 403 (restricted) or 404 (vanished); null restores them. */
  setArticleAccess(articleId: number, access: ParentAccess | null): void {
    if (access) this.access.set(articleId, access);
    else this.access.delete(articleId);
  }

  // ---- views --------------------------------------------------------------------

  ofBrand(map: Map<number, JsonObject>, brand: SimBrand): JsonObject[] {
    return [...map.values()].filter((r) => this.brandOf.get(r.id as number) === brand);
  }
  attachmentsOf(articleId: number): JsonObject[] {
    return [...this.attachments.values()].filter((a) => a.article_id === articleId);
  }
  votesFor(key: string): JsonObject[] {
    return (this.votesOf.get(key) ?? []).map((id) => this.votes.get(id)!);
  }
  commentsFor(articleId: number): JsonObject[] {
    return (this.commentsOf.get(articleId) ?? []).map((id) => this.comments.get(id)!);
  }
}
