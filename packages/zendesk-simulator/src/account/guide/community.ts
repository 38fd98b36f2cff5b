/**
 * Community (Gather) content per brand: topics, posts, post comments, post votes and post comment
 * votes. Record `url` fields use the `/api/v2/help_center/community/…` alias, as Zendesk's do.
 * Adding a comment or vote touches the post (`comment_count`, `vote_count`, `updated_at`).
 */
import { toIso } from "../../util/clock.js";
import { Rng } from "../../util/prng.js";
import { guideId, guideUserId, type GuideIdKind, type SimBrand } from "./brands.js";
import type { Counter, ParentAccess } from "./help-center.js";
import type { ResolvedGuideOptions } from "./options.js";
import type { AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";

export class CommunityData {
  readonly topics = new Map<number, JsonObject>();
  readonly posts = new Map<number, JsonObject>();
  readonly comments = new Map<number, JsonObject>();
  readonly commentsOf = new Map<number, number[]>();
  /** "post:<id>" or "comment:<id>" → vote ids */
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
    return `${brand.origin}/api/v2/help_center/community`;
  }

  generate(brand: SimBrand): void {
    const { historyStart, historyEnd, seed } = this.shape;
    const topics: number[] = [];
    for (let t = 0; t < 3; t++) {
      const id = this.id("topic");
      const rng = Rng.for(seed, "guide-topic", id);
      const created = historyStart + rng.int(0, 30 * 86_400);
      const r: JsonObject = {
        id,
        url: `${this.api(brand)}/topics/${id}.json`,
        html_url: `${brand.origin}/hc/en-us/community/topics/${id}-Topic-${t + 1}`,
        name: ["Feature requests", "Tips and tricks", "Announcements"][t],
        description: "",
        position: t,
        follower_count: rng.int(0, 50),
        community_id: 1,
        created_at: toIso(created),
        updated_at: toIso(Math.min(historyEnd, created + rng.int(0, 200 * 86_400))),
        manageable_by: "staff",
        user_segment_id: null,
      };
      this.topics.set(id, r);
      this.brandOf.set(id, brand);
      topics.push(id);
    }
    for (let p = 0; p < this.options.postsPerBrand; p++) {
      const rng = Rng.for(seed, `guide-post:${brand.index}`, p);
      const created = historyStart + Math.floor(rng.float() * (historyEnd - historyStart) * 0.8);
      const post = this.insertPost(brand, topics[p % topics.length], created, p);
      const pid = post.id as number;
      for (let v = rng.int(0, 4); v > 0; v--) this.insertVote(brand, "post", pid, rng.bool(0.85) ? 1 : -1, created);
      for (let c = rng.int(0, 3); c > 0; c--) {
        const comment = this.insertComment(brand, pid, created);
        for (let v = rng.int(0, 2); v > 0; v--) this.insertVote(brand, "comment", comment.id as number, 1, Date.parse(comment.created_at as string) / 1000);
      }
      this.recount(pid);
    }
  }

  private insertPost(brand: SimBrand, topicId: number, created: number, n: number): JsonObject {
    const id = this.id("post");
    const rng = Rng.for(this.shape.seed, "guide-post-fields", id);
    const title = `Idea ${n + 1}: ${["dark mode", "bulk export", "webhooks", "SAML", "offline mode"][n % 5]}`;
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/posts/${id}.json`,
      html_url: `${brand.origin}/hc/en-us/community/posts/${id}-${title.replace(/[^A-Za-z0-9]+/g, "-")}`,
      title,
      details: `<p>${title}, please.</p>`,
      author_id: guideUserId(this.shape, "user", rng.int(0, 30)),
      vote_sum: 0,
      vote_count: 0,
      comment_count: 0,
      follower_count: rng.int(0, 20),
      topic_id: topicId,
      pinned: rng.bool(0.05),
      featured: rng.bool(0.05),
      closed: rng.bool(0.1),
      frozen: false,
      status: rng.pick(["none", "planned", "not_planned", "completed", "answered"]),
      non_author_editor_id: null,
      non_author_updated_at: null,
      content_tag_ids: [],
      created_at: toIso(created),
      updated_at: toIso(created),
    };
    this.posts.set(id, r);
    this.brandOf.set(id, brand);
    this.commentsOf.set(id, []);
    this.votesOf.set(`post:${id}`, []);
    return r;
  }

  private insertComment(brand: SimBrand, postId: number, after: number, at?: number): JsonObject {
    const id = this.id("postComment");
    const rng = Rng.for(this.shape.seed, "guide-post-comment", id);
    const created = at ?? Math.min(this.shape.historyEnd, after + rng.int(60, 20 * 86_400));
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/posts/${postId}/comments/${id}.json`,
      html_url: `${brand.origin}/hc/en-us/community/posts/${postId}/comments/${id}`,
      body: `<p>+1 (${id % 1000})</p>`,
      author_id: guideUserId(this.shape, "user", rng.int(0, 30)),
      post_id: postId,
      official: rng.bool(0.1),
      vote_sum: 0,
      vote_count: 0,
      non_author_editor_id: null,
      non_author_updated_at: null,
      created_at: toIso(created),
      updated_at: toIso(created),
    };
    this.comments.set(id, r);
    this.brandOf.set(id, brand);
    this.commentsOf.get(postId)!.push(id);
    this.votesOf.set(`comment:${id}`, []);
    return r;
  }

  private insertVote(brand: SimBrand, on: "post" | "comment", itemId: number, value: number, after: number, at?: number): JsonObject {
    const id = this.id("vote");
    const rng = Rng.for(this.shape.seed, "guide-post-vote", id);
    const created = at ?? Math.min(this.shape.historyEnd, after + rng.int(60, 30 * 86_400));
    const path = on === "post" ? `posts/${itemId}` : `posts/${this.comments.get(itemId)!.post_id}/comments/${itemId}`;
    const r: JsonObject = {
      id,
      url: `${this.api(brand)}/${path}/votes/${id}.json`,
      user_id: guideUserId(this.shape, "user", rng.int(0, 40)),
      value,
      item_id: itemId,
      item_type: on === "post" ? "Post" : "PostComment",
      created_at: toIso(created),
      updated_at: toIso(created),
    };
    this.votes.set(id, r);
    this.brandOf.set(id, brand);
    this.votesOf.get(`${on}:${itemId}`)!.push(id);
    return r;
  }

  private recount(postId: number): void {
    const values = (key: string) => (this.votesOf.get(key) ?? []).map((v) => this.votes.get(v)!.value as number);
    const p = this.posts.get(postId)!;
    const pv = values(`post:${postId}`);
    const comments = this.commentsOf.get(postId) ?? [];
    this.posts.set(postId, { ...p, vote_sum: pv.reduce((a, b) => a + b, 0), vote_count: pv.length, comment_count: comments.length });
    for (const cid of comments) {
      const cv = values(`comment:${cid}`);
      this.comments.set(cid, { ...this.comments.get(cid)!, vote_sum: cv.reduce((a, b) => a + b, 0), vote_count: cv.length });
    }
  }

  // ---- mutations ----------------------------------------------------------------

  private touch(postId: number): void {
    this.recount(postId);
    this.posts.set(postId, { ...this.posts.get(postId)!, updated_at: toIso(this.now()) });
  }

  requirePost(id: number): JsonObject {
    const p = this.posts.get(id);
    if (!p) throw new Error(`post ${id} not found`);
    return p;
  }

  createPost(brand: SimBrand, fields: JsonObject = {}): JsonObject {
    const topicId = [...this.topics.values()].find((t) => this.brandOf.get(t.id as number) === brand)!.id as number;
    const r = this.insertPost(brand, topicId, this.now(), this.posts.size);
    const merged = { ...r, ...fields, id: r.id };
    this.posts.set(r.id as number, merged);
    return structuredClone(merged);
  }

  updatePost(id: number, patch: JsonObject = {}): JsonObject {
    const p = this.requirePost(id);
    const r = { ...p, ...patch, id, updated_at: toIso(this.now()) };
    this.posts.set(id, r);
    return structuredClone(r);
  }

  addPostComment(postId: number): JsonObject {
    this.requirePost(postId);
    const c = this.insertComment(this.brandOf.get(postId)!, postId, 0, this.now());
    this.touch(postId);
    return structuredClone(this.comments.get(c.id as number)!);
  }

  addPostVote(postId: number, value = 1): JsonObject {
    this.requirePost(postId);
    const v = this.insertVote(this.brandOf.get(postId)!, "post", postId, value, 0, this.now());
    this.touch(postId);
    return structuredClone(v);
  }

  addPostCommentVote(commentId: number, value = 1): JsonObject {
    const c = this.comments.get(commentId);
    if (!c) throw new Error(`post comment ${commentId} not found`);
    const v = this.insertVote(this.brandOf.get(commentId)!, "comment", commentId, value, 0, this.now());
    this.comments.set(commentId, { ...c, updated_at: toIso(this.now()) });
    this.touch(c.post_id as number);
    return structuredClone(v);
  }

  setPostAccess(postId: number, access: ParentAccess | null): void {
    if (access) this.access.set(postId, access);
    else this.access.delete(postId);
  }

  ofBrand(map: Map<number, JsonObject>, brand: SimBrand): JsonObject[] {
    return [...map.values()].filter((r) => this.brandOf.get(r.id as number) === brand);
  }
  votesFor(key: string): JsonObject[] {
    return (this.votesOf.get(key) ?? []).map((id) => this.votes.get(id)!);
  }
  commentsFor(postId: number): JsonObject[] {
    return (this.commentsOf.get(postId) ?? []).map((id) => this.comments.get(id)!);
  }
}
