import { defineRestStream, linksPaginator } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { suspendedTicketSchema } from "../schemas/suspended-tickets.js";

/**
 * Mail that never became a ticket (cursor pagination only). Zendesk keeps it 14 days unless it is
 * recovered or deleted first, so a daily sync sees every suspension. Admins, and on Enterprise the
 * agents whose custom role may manage suspended tickets: a refusal skips the stream.
 */
export const suspendedTickets = defineRestStream({
  name: "suspended_tickets",
  path: "suspended_tickets",
  paginator: () => linksPaginator({ pageSize: 100 }),
  records: "suspended_tickets",
  primaryKey: "id",
  schema: suspendedTicketSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [planGated("suspended_tickets", "an admin, or an agent whose role may manage suspended tickets (the permission of Enterprise custom roles)")],
  start: (ctx) => startSeconds(ctx),
});
