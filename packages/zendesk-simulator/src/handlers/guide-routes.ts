/** Help Center, Community, brands and attachment-download routes (registered by index.ts). */
import type { Route } from "../simulator.js";
import { communityRoutes } from "./community/index.js";
import { helpCenterRoutes } from "./help-center/index.js";

export const guideRoutes: Route[] = [...helpCenterRoutes, ...communityRoutes];
