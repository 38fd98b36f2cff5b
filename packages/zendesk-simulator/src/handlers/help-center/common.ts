/**
 * What every Help Center and Community handler shares: which brand a request is for (by the host
 * it was sent to), the "Help Center disabled" / "community not enabled" answers, refused parents,
 * and list responses in the Help Center flavours (cursor §3.2, offset §3.3).
 */
import { guideFor, type Guide } from "../../account/guide/guide.js";
import type { SimBrand } from "../../account/guide/brands.js";
import type { ParentAccess } from "../../account/guide/help-center.js";
import type { JsonObject } from "../../core/types.js";
import { HttpError, json } from "../../core/http.js";
import { hcCursorPage } from "../../pagination/help-center-cursor.js";
import { offsetPage } from "../../pagination/offset.js";
import type { RouteContext } from "../../core/route.js";

export const RECORD_NOT_FOUND = { error: "RecordNotFound", description: "Not found" };
export const FORBIDDEN = {
  error: { title: "Forbidden", message: "You do not have permission to access this resource." },
};

export interface GuideRequest {
  guide: Guide;
  brand: SimBrand;
}

/** The brand whose host received the request; 404 when that brand has no (enabled) Help Center. */
export function helpCenterOf(ctx: RouteContext): GuideRequest {
  const guide = guideFor(ctx.sim);
  const brand = guide.brandAt(ctx.url.origin) ?? guide.brands[0];
  if (guide.options.helpCenterDisabled || !brand.hasHelpCenter || guide.options.helpCenterOffForBrands.includes(brand.index)) throw new HttpError(404, RECORD_NOT_FOUND);
  return { guide, brand };
}

export function communityOf(ctx: RouteContext): GuideRequest {
  const r = helpCenterOf(ctx);
  if (r.guide.options.communityDisabled) throw new HttpError(404, RECORD_NOT_FOUND);
  return r;
}

/** A parent (article or post) of this brand, honouring refusals set by tests. */
export function requireParent(map: Map<number, JsonObject>, brandOf: Map<number, SimBrand>, access: Map<number, ParentAccess>, brand: SimBrand, rawId: string): JsonObject {
  const id = Number(rawId);
  const refusal = access.get(id);
  if (refusal === "forbidden") throw new HttpError(403, FORBIDDEN);
  const record = map.get(id);
  if (!record || refusal === "missing" || brandOf.get(id) !== brand) throw new HttpError(404, RECORD_NOT_FOUND);
  return record;
}

/** Link path: no `.json`; community lists link through the `/api/v2/help_center/community` alias. */
export function linkPath(ctx: RouteContext): string {
  return ctx.path.replace(/^\/api\/v2\/community\//, "/api/v2/help_center/community/");
}

const isCommunity = (ctx: RouteContext) => /^\/api\/v2\/(help_center\/)?community\//.test(ctx.path);

const byIdKey = (r: JsonObject) => [r.id as number];

/** A Help Center list: cursor pagination with page[size]/page[after]/page[before], else offset (30 per page). */
export function hcList(ctx: RouteContext, key: string, items: JsonObject[], endpoint: string, sortKey: (r: JsonObject) => number[] = byIdKey): Response {
  const q = ctx.query;
  if (q.has("page[size]") || q.has("page[after]") || q.has("page[before]")) {
    const page = hcCursorPage(items, sortKey, q, ctx.origin, linkPath(ctx), endpoint);
    return json(200, { [key]: page.items, ...page.body }, page.headers);
  }
  const sorted = items.slice().sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  });
  const page = offsetPage(sorted, q, ctx.origin, linkPath(ctx), endpoint, { helpCenter: true, defaultPerPage: 30 });
  // Help Center offset pages add sort_by/sort_order (recorded categories); Community offset pages do
  // not (recorded topics, real posts sample): ZENDESK-API.md §3.3, §10.
  if (isCommunity(ctx)) return json(200, { [key]: page.items, ...page.envelope });
  return json(200, { [key]: page.items, ...page.envelope, sort_by: "position", sort_order: "asc" });
}
