import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { scheduleSchema } from "../schemas/schedules.js";

/**
 * Business-hours schedules (family NS: `page[size]` on the first request, then `next_page`). Business
 * hours need Suite Growth / Support Professional or above: refused plans skip.
 */
export const schedules = defineZendeskStream({
  name: "schedules",
  path: "business_hours/schedules.json",
  paginator: () => nextPagePaginator({ perPage: 100, sizeParam: "page[size]" }),
  records: "schedules",
  primaryKey: "id",
  schema: scheduleSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("schedules", "business hours (Suite Growth / Support Professional or above)")],
  start: (ctx) => startSeconds(ctx),
});
