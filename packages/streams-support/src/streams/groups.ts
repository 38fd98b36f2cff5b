import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { groupSchema } from "../schemas/groups.js";
import { startSeconds } from "../common/start.js";

/** Client-side incremental; `exclude_deleted=false` brings deleted groups, marked `deleted: true`. */
export const groups = defineZendeskStream({
  name: "groups",
  path: "groups",
  params: { exclude_deleted: "false" },
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "groups",
  primaryKey: "id",
  schema: groupSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
