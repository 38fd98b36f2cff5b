/**
 * Options of the simulated Help Center (Guide) and Community, set through
 * `SimulatorOptions.guide`. Everything is deterministic from the seed.
 */
export interface GuideOptions {
  /** Brands whose Help Center is enabled (default 1: the account's own brand). */
  brands?: number;
  /** Extra brands without a Help Center (listed by /brands, never read). Default 0. */
  brandsWithoutHelpCenter?: number;
  /** Articles per Help Center brand (default 12). */
  articlesPerBrand?: number;
  /** Community posts per Help Center brand (default 8). */
  postsPerBrand?: number;
  /** Help Center not activated on the account: every Help Center and Community endpoint answers 404. */
  helpCenterDisabled?: boolean;
  /** Community (Gather) not enabled: every /community endpoint answers 404. */
  communityDisabled?: boolean;
  /**
   * Adds attachments with hostile file names (`../../etc/passwd`, absolute paths, control
   * characters) and attachments whose download redirects to hostile targets (a foreign https host,
   * plain http to a metadata address, `file:`, a redirect loop).
   */
  hostileAttachments?: boolean;
  /** Adds one attachment of this many bytes (to test size caps and slow transfers). */
  largeAttachmentBytes?: number;
  /** The CDN pauses this long between 16 KiB chunks (slow transfers). Default 0. */
  cdnChunkDelayMs?: number;
  /** Page size of /help_center/incremental/articles (default 1000, Zendesk's). */
  incrementalPageSize?: number;
  /** Brand indexes whose Help Center answers 404 although `/brands` says `has_help_center` (e.g. not yet activated). */
  helpCenterOffForBrands?: number[];
  /** `/api/v2/brands` answers 403 "You do not have access" (a user who may not list brands). */
  brandsForbidden?: boolean;
}

export interface ResolvedGuideOptions {
  brands: number;
  brandsWithoutHelpCenter: number;
  articlesPerBrand: number;
  postsPerBrand: number;
  helpCenterDisabled: boolean;
  communityDisabled: boolean;
  hostileAttachments: boolean;
  largeAttachmentBytes: number;
  cdnChunkDelayMs: number;
  incrementalPageSize: number;
  helpCenterOffForBrands: number[];
  brandsForbidden: boolean;
}

export function resolveGuideOptions(o: GuideOptions = {}): ResolvedGuideOptions {
  const count = (v: number | undefined, d: number, name: string, min = 0) => {
    const n = v ?? d;
    if (!Number.isInteger(n) || n < min) throw new RangeError(`guide.${name} must be an integer ≥ ${min}`);
    return n;
  };
  return {
    brands: count(o.brands, 1, "brands", 1),
    brandsWithoutHelpCenter: count(o.brandsWithoutHelpCenter, 0, "brandsWithoutHelpCenter"),
    articlesPerBrand: count(o.articlesPerBrand, 12, "articlesPerBrand"),
    postsPerBrand: count(o.postsPerBrand, 8, "postsPerBrand"),
    helpCenterDisabled: o.helpCenterDisabled === true,
    communityDisabled: o.communityDisabled === true,
    hostileAttachments: o.hostileAttachments === true,
    largeAttachmentBytes: count(o.largeAttachmentBytes, 0, "largeAttachmentBytes"),
    cdnChunkDelayMs: count(o.cdnChunkDelayMs, 0, "cdnChunkDelayMs"),
    incrementalPageSize: count(o.incrementalPageSize, 1000, "incrementalPageSize", 1),
    helpCenterOffForBrands: [...(o.helpCenterOffForBrands ?? [])],
    brandsForbidden: o.brandsForbidden === true,
  };
}
