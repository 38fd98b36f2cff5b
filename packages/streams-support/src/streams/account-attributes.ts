import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { accountAttributeSchema } from "../schemas/account-attributes.js";

/** Skills-based routing attributes (ids are ULID strings). Enterprise-only: refused plans skip. */
export const accountAttributes = defineZendeskStream({
  name: "account_attributes",
  path: "routing/attributes",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  records: "attributes",
  primaryKey: "id",
  schema: accountAttributeSchema,
  rules: [planGated("account_attributes", "skills-based routing (an Enterprise plan or the routing add-on) and an admin user")],
  start: (ctx) => startSeconds(ctx),
});
