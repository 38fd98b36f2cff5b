import type { Stream } from "@calabi/kernel";
import { toJsonSchema } from "@calabi/kernel";
import { ticketCommentSchema } from "../schemas/ticket-comments.js";
import { readPassAlone } from "../common/shared-pass.js";
import { routedEstimate } from "../plan/routes.js";
import { ticketCommentsMember, ticketEventsPass } from "./ticket_event_pass.js";

/** Comments from `incremental/ticket_events?include=comment_events`; state `{created_at: unix}`. */
export const ticketComments: Stream = {
  spec: { name: "ticket_comments", jsonSchema: toJsonSchema(ticketCommentSchema), primaryKey: [["id"]], cursorField: ["created_at"] },
  read: (ctx) => readPassAlone(ticketEventsPass, ticketCommentsMember, ctx),
  plan: (ctx) => routedEstimate("ticket_comments", "created_at", ctx),
};
