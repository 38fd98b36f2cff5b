import type { GroupPage, Page, Stream } from "@calabi/kernel";
import { toJsonSchema } from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { ticketCommentSchema } from "../schemas/ticket-comments.js";
import { readPassAlone } from "../common/shared-pass.js";
import { routedEstimate } from "../plan/routes.js";
import { ticketCommentsMember, ticketEventsPass } from "./ticket_event_pass.js";
import { readCommentsFirstSync } from "./ticket_comment_routes.js";

/**
 * Comments from `incremental/ticket_events?include=comment_events`; state `{created_at: unix}`.
 * A first sync reads recent comments from the audits feed instead (ticket_comment_routes.ts); a
 * run that selects ticket_events too reads both in one export walk (the events group).
 */
export const ticketComments: Stream = {
  spec: { name: "ticket_comments", jsonSchema: toJsonSchema(ticketCommentSchema), primaryKey: [["id"]], cursorField: ["created_at"] },
  // Either route waits on the export class (the first sync's older part is on the export).
  rateClass: () => RATE_CLASS.incremental,
  read: (ctx) => (ctx.state === undefined ? only("ticket_comments", readCommentsFirstSync(ctx)) : readPassAlone(ticketEventsPass, ticketCommentsMember, ctx)),
  plan: (ctx) => routedEstimate("ticket_comments", "created_at", ctx),
};

async function* only(name: string, pages: AsyncIterable<GroupPage>): AsyncGenerator<Page> {
  for await (const page of pages) yield { records: page.records[name] ?? [], ...(page.checkpoints?.[name] ? { checkpoint: page.checkpoints[name] } : {}) };
}
