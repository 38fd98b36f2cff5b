/**
 * `/api/v2/brands` (cursor pagination only, Support flavour): the account's brands with
 * `subdomain`, `brand_url`, `has_help_center`, `help_center_state`. Served here because the
 * Help Center readers need it to find every brand's host.
 */
import { guideFor } from "../../account/guide/guide.js";
import { HttpError, json } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

const FORBIDDEN = { error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." } };

function list(ctx: RouteContext): Response {
  const guide = guideFor(ctx.sim);
  if (guide.options.brandsForbidden) throw new HttpError(403, FORBIDDEN);
  const brands = guide.brands.map((b) => b.record);
  return listResponse(ctx, brands, {
    key: "brands",
    endpoint: "brands",
    modes: "cursor",
    cursorOrder: { label: "name,id", key: (b) => [String(b.name), b.id as number], dirs: [1, 1] },
  });
}

function show(ctx: RouteContext): Response {
  const guide = guideFor(ctx.sim);
  if (guide.options.brandsForbidden) throw new HttpError(403, FORBIDDEN);
  const brand = guide.brands.find((b) => b.id === Number(ctx.params.id));
  if (!brand) throw new HttpError(404, { error: "RecordNotFound", description: "Not found" });
  return json(200, { brand: brand.record });
}

export const brandRoutes: Route[] = [
  { method: "GET", path: "/api/v2/brands", handler: list },
  { method: "GET", path: "/api/v2/brands/:id", handler: show },
];
