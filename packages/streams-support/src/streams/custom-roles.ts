import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { customRoleSchema } from "../schemas/custom-roles.js";

/** Unpaginated list (family N0). Enterprise-only: refused plans skip. */
export const customRoles = defineZendeskStream({
  name: "custom_roles",
  path: "custom_roles",
  paginator: () => nextPagePaginator(),
  records: "custom_roles",
  primaryKey: "id",
  schema: customRoleSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("custom_roles", "an Enterprise plan")],
  start: (ctx) => startSeconds(ctx),
});
