import { defineZendeskStream, nextPagePaginator } from "@calabi/zendesk-common";
import { failOn } from "../common/error-rules.js";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { ticketFormSchema } from "../schemas/ticket-forms.js";

/**
 * Airbyte fails ticket_forms on any 403/404 (STREAMS.md §7.2). This project keeps that for every
 * 403/404 except Zendesk's plan/permission refusal, which skips with a WARN like the other gated
 * streams (a Team account has no multiple ticket forms; one refused stream must not fail the sync)
 * and still fails when the user named the stream. See the package README.
 */
export const ticketForms = defineZendeskStream({
  name: "ticket_forms",
  path: "ticket_forms",
  paginator: () => nextPagePaginator(),
  records: "ticket_forms",
  primaryKey: "id",
  schema: ticketFormSchema,
  incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
  rules: [
    planGated("ticket_forms", "multiple ticket forms (Support Enterprise / Suite Growth or above)"),
    failOn([403, 404], "the user cannot read ticket forms; check the user's role and the plan, or disable the ticket_forms stream."),
  ],
  start: (ctx) => startSeconds(ctx),
});
