import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { startSeconds } from "../common/start.js";
import { organizationFieldSchema } from "../schemas/organization-fields.js";

export const organizationFields = defineZendeskStream({
  name: "organization_fields",
  path: "organization_fields",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "organization_fields",
  primaryKey: "id",
  schema: organizationFieldSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  start: (ctx) => startSeconds(ctx),
});
