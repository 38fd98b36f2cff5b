import { defineZendeskStream, linksPaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { organizationMembershipSchema } from "../schemas/organization-memberships.js";

export const organizationMemberships = defineZendeskStream({
  name: "organization_memberships",
  path: "organization_memberships",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "organization_memberships",
  primaryKey: "id",
  schema: organizationMembershipSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
