import { countEstimate, defineZendeskStream, exportTimePaginator } from "@calabi/zendesk-common";
import { organizationSchema } from "../schemas/organizations.js";
import { exportStartTime, startSeconds } from "../common/start.js";

/** Time-based export: a page ends at a second that the next page starts with, so boundary records repeat. */
export const organizations = defineZendeskStream({
  name: "organizations",
  path: "incremental/organizations.json",
  paginator: () => exportTimePaginator(),
  // Read to its end (pagination alone ends it): the next page is fetched while this one is written.
  readAhead: true,
  records: "organizations",
  primaryKey: "id",
  schema: organizationSchema,
  incremental: {
    kind: "server",
    cursorField: "updated_at",
    stateFormat: "unix",
    startParams: (start, ctx) => ({ start_time: exportStartTime(start, ctx) }),
    dedupeAcrossPages: true,
  },
  start: (ctx) => startSeconds(ctx),
  estimate: countEstimate("organizations", 1000),
});
