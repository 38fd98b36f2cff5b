/**
 * Brands of the simulated account. Brand 0 is the account itself (its subdomain and the brand id
 * tickets point to); further brands have their own subdomain, hence their own Help Center host
 * `https://{subdomain}.zendesk.com` (ZENDESK-API.md §9).
 */
import { toIso } from "../../util/clock.js";
import { Rng } from "../../util/prng.js";
import type { AccountShape } from "../shape.js";
import { userCount, userId } from "../users.js";
import type { JsonObject } from "../../core/types.js";

export interface SimBrand {
  index: number;
  id: number;
  subdomain: string;
  /** https://{subdomain}.zendesk.com */
  origin: string;
  hasHelpCenter: boolean;
  record: JsonObject;
}

const BRAND_WORDS = ["docs", "labs", "store", "games", "health", "cloud", "pay", "mobile", "edu", "travel"];

export const GUIDE_ID_BASE = {
  brand: 8_000_000_000_000,
  category: 8_100_000_000_000,
  section: 8_200_000_000_000,
  article: 8_300_000_000_000,
  attachment: 8_400_000_000_000,
  articleComment: 8_500_000_000_000,
  vote: 8_600_000_000_000,
  topic: 8_700_000_000_000,
  post: 8_800_000_000_000,
  postComment: 8_900_000_000_000,
} as const;

export type GuideIdKind = keyof typeof GUIDE_ID_BASE;

/** Id number `n` of a kind: increasing in n, organic-looking gaps. */
export function guideId(seed: number, kind: GuideIdKind, n: number): number {
  return GUIDE_ID_BASE[kind] + n * 1000 + Rng.for(seed, `guide-id:${kind}`, n).int(0, 996);
}

/**
 * The Support user behind Help Center and Community content, from one draw `n` (the same draw the
 * generators always made): articles are written by agents, everything else by any user, so every
 * `author_id`/`user_id` resolves through `/api/v2/users/{id}`.
 */
export function guideUserId(shape: AccountShape, who: "agent" | "user", n: number): number {
  const pool = who === "agent" ? shape.counts.agents : userCount(shape);
  return userId(shape, n % pool);
}

export function brandSubdomain(account: string, index: number): string {
  if (index === 0) return account;
  const word = BRAND_WORDS[(index - 1) % BRAND_WORDS.length];
  const round = Math.floor((index - 1) / BRAND_WORDS.length);
  return `${account}-${word}${round ? round + 1 : ""}`;
}

export function generateBrands(shape: AccountShape, withHelpCenter: number, without: number): SimBrand[] {
  const brands: SimBrand[] = [];
  for (let i = 0; i < withHelpCenter + without; i++) {
    const hasHelpCenter = i < withHelpCenter;
    const id = i === 0 ? shape.brandIds[0] : guideId(shape.seed, "brand", i);
    const subdomain = brandSubdomain(shape.subdomain, i);
    const origin = `https://${subdomain}.zendesk.com`;
    const rng = Rng.for(shape.seed, "guide-brand", i);
    const created = shape.historyStart - 60 * 86_400 + i * 86_400;
    const name = i === 0 ? capitalise(shape.subdomain) : `${capitalise(shape.subdomain)} ${capitalise(subdomain.split("-").pop()!)}`;
    brands.push({
      index: i,
      id,
      subdomain,
      origin,
      hasHelpCenter,
      record: {
        url: `https://${shape.subdomain}.zendesk.com/api/v2/brands/${id}.json`,
        id,
        name,
        brand_url: origin,
        subdomain,
        host_mapping: null,
        has_help_center: hasHelpCenter,
        help_center_state: hasHelpCenter ? "enabled" : "disabled",
        active: true,
        default: i === 0,
        is_deleted: false,
        logo: null,
        ticket_form_ids: [],
        signature_template: "{{agent.signature}}",
        created_at: toIso(created),
        updated_at: toIso(created + rng.int(0, 30 * 86_400)),
      },
    });
  }
  return brands;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
