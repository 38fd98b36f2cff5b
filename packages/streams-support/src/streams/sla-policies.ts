import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { slaPolicySchema } from "../schemas/sla-policies.js";

/** Unpaginated list (family N0). Needs Support Professional / Suite Growth or above: refused plans skip. */
export const slaPolicies = defineZendeskStream({
  name: "sla_policies",
  path: "slas/policies.json",
  paginator: () => nextPagePaginator(),
  records: "sla_policies",
  primaryKey: "id",
  schema: slaPolicySchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("sla_policies", "Support Professional / Suite Growth or above, and an admin user")],
  start: (ctx) => startSeconds(ctx),
});
