/**
 * `/api/v2/brands` (cursor pagination only, Support flavour): the account's brands with
 * `subdomain`, `brand_url`, `has_help_center`, `help_center_state`. Served here because the
 * Help Center readers need it to find every brand's host.
 */
import { guideFor } from "../../data/guide.js";
import { HttpError } from "../../http-util.js";
import type { Route, RouteContext } from "../../simulator.js";
import { listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  const guide = guideFor(ctx.sim);
  if (guide.options.brandsForbidden) {
    throw new HttpError(403, { error: { title: "Forbidden", message: "You do not have access to this page. Please contact the account owner of this help desk for further help." } });
  }
  const brands = guide.brands.map((b) => b.record);
  return listResponse(ctx, brands, {
    key: "brands",
    endpoint: "brands",
    modes: "cursor",
    cursorOrder: { label: "name,id", key: (b) => [String(b.name), b.id as number], dirs: [1, 1] },
  });
}

export const brandRoutes: Route[] = [{ method: "GET", path: "/api/v2/brands", handler: list }];
