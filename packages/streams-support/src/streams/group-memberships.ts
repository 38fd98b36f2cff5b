import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { groupMembershipSchema } from "../schemas/group-memberships.js";

/** Client-side incremental. Some memberships have no `updated_at`: they are kept on every sync. */
export const groupMemberships = defineZendeskStream({
  name: "group_memberships",
  path: "group_memberships",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "group_memberships",
  primaryKey: "id",
  schema: groupMembershipSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
