import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { supportAddressSchema } from "../schemas/support-addresses.js";

/** The account's support addresses (`/recipient_addresses`), with forwarding and SPF/DNS verification status. */
export const supportAddresses = defineRestStream({
  name: "support_addresses",
  path: "recipient_addresses",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "recipient_addresses",
  primaryKey: "id",
  schema: supportAddressSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("support_addresses", "an agent or admin user")],
  start: (ctx) => startSeconds(ctx),
});
