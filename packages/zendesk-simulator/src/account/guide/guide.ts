/**
 * The simulated Help Center and Community of an account (all brands), created on first use from
 * `SimulatorOptions.guide`, plus their ground truth: exactly the API records a correct connector
 * outputs per stream (connector-added fields such as `brand_id` or `_airbyte_parent_id` excluded),
 * sorted by id.
 */
import type { Account } from "../account.js";
import type { SimClock } from "../../util/clock.js";
import { CommunityData } from "./community.js";
import { generateBrands, type SimBrand } from "./brands.js";
import { resolveGuideOptions, type GuideOptions, type ResolvedGuideOptions } from "./options.js";
import { Counter, HelpCenterData } from "./help-center.js";
import type { JsonObject } from "../../core/types.js";

export const GUIDE_STREAMS = [
  "brands",
  "articles",
  "sections",
  "categories",
  "article_attachments",
  "article_votes",
  "article_comments",
  "article_comment_votes",
  "posts",
  "topics",
  "post_comments",
  "post_votes",
  "post_comment_votes",
] as const;
export type GuideStreamName = (typeof GUIDE_STREAMS)[number];

export function isGuideStream(name: string): name is GuideStreamName {
  return (GUIDE_STREAMS as readonly string[]).includes(name);
}

export class Guide {
  readonly options: ResolvedGuideOptions;
  readonly brands: SimBrand[];
  readonly helpCenter: HelpCenterData;
  readonly community: CommunityData;
  /** Public origin of the attachment CDN once served on loopback (set by the server). */
  cdnOrigin = "https://cdn.zdusercontent-sim.local";

  constructor(account: Account, clock: SimClock, options: GuideOptions = {}) {
    this.options = resolveGuideOptions(options);
    const shape = account.shape;
    const ids = new Counter();
    const now = () => clock.nowSeconds();
    this.brands = generateBrands(shape, this.options.brands, this.options.brandsWithoutHelpCenter);
    this.helpCenter = new HelpCenterData(shape, this.options, ids, now);
    this.community = new CommunityData(shape, this.options, ids, now);
    for (const brand of this.brands.filter((b) => b.hasHelpCenter)) {
      this.helpCenter.generate(brand);
      this.community.generate(brand);
    }
  }

  /** The brand served at an origin (`https://{subdomain}.zendesk.com`). */
  brandAt(origin: string): SimBrand | undefined {
    return this.brands.find((b) => b.origin === origin);
  }

  brand(index: number): SimBrand {
    const b = this.brands[index];
    if (!b) throw new RangeError(`no brand ${index}`);
    return b;
  }

  /** Help Center brands' origins other than the account's own (extra hosts to serve). */
  extraOrigins(): string[] {
    return this.brands.slice(1).map((b) => b.origin);
  }

  /** Brand id a record of a stream belongs to (what a connector tags it with). */
  brandIdOf(stream: GuideStreamName, id: number): number | undefined {
    const hc = this.helpCenter.brandOf.get(id) ?? this.community.brandOf.get(id);
    return stream === "brands" ? id : hc?.id;
  }

  groundTruth(stream: GuideStreamName): JsonObject[] {
    const hc = this.helpCenter;
    const cm = this.community;
    const hcOn = !this.options.helpCenterDisabled;
    const cmOn = hcOn && !this.options.communityDisabled;
    // Brands a connector can read: Help Center on, listed by /brands (else only the account's own host).
    const readable = (id: number) => {
      const brand = hc.brandOf.get(id) ?? cm.brandOf.get(id);
      if (!brand) return true;
      if (this.options.helpCenterOffForBrands.includes(brand.index)) return false;
      return !this.options.brandsForbidden || brand.index === 0;
    };
    const sorted = (records: Iterable<JsonObject>) =>
      structuredClone([...records].filter((r) => stream === "brands" || readable(r.id as number)).sort((a, b) => (a.id as number) - (b.id as number)));
    const votes = (map: Map<number, JsonObject>, type: string) => [...map.values()].filter((v) => v.item_type === type);
    switch (stream) {
      case "brands":
        return sorted(this.brands.map((b) => b.record));
      case "articles":
        return hcOn ? sorted(hc.articles.values()) : [];
      case "sections":
        return hcOn ? sorted(hc.sections.values()) : [];
      case "categories":
        return hcOn ? sorted(hc.categories.values()) : [];
      case "article_attachments":
        return hcOn ? sorted(hc.attachments.values()) : [];
      case "article_votes":
        return hcOn ? sorted(votes(hc.votes, "Article")) : [];
      case "article_comments":
        return hcOn ? sorted(hc.comments.values()) : [];
      case "article_comment_votes":
        return hcOn ? sorted(votes(hc.votes, "Comment")) : [];
      case "posts":
        return cmOn ? sorted(cm.posts.values()) : [];
      case "topics":
        return cmOn ? sorted(cm.topics.values()) : [];
      case "post_comments":
        return cmOn ? sorted(cm.comments.values()) : [];
      case "post_votes":
        return cmOn ? sorted(votes(cm.votes, "Post")) : [];
      case "post_comment_votes":
        return cmOn ? sorted(votes(cm.votes, "PostComment")) : [];
    }
  }
}

/** The guide of a simulator (created on first use from its `guide` options, kept in its account's slots). */
export function guideFor(owner: { account: Account; clock: SimClock; rawOptions: { guide?: GuideOptions } }): Guide {
  return owner.account.slots.get(guideFor, () => new Guide(owner.account, owner.clock, owner.rawOptions.guide));
}
