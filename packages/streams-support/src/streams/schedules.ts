import { defineRestStream, nextPagePaginator } from "@calabi/kernel";
import { startSeconds } from "../common/start.js";
import { scheduleSchema } from "../schemas/schedules.js";

/** Business-hours schedules (family NS: `page[size]` on the first request, then `next_page`). */
export const schedules = defineRestStream({
  name: "schedules",
  path: "business_hours/schedules.json",
  paginator: () => nextPagePaginator({ perPage: 100, sizeParam: "page[size]" }),
  records: "schedules",
  primaryKey: "id",
  schema: scheduleSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
