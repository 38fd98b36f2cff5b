/**
 * side_conversations: per ticket (`tickets/{id}/side_conversations`), partitions from the tickets
 * export, per-partition state (`{ticket_id}` partitions, `parent_state.tickets`). A ticket refused
 * with 403, 404 or 422 is skipped whatever the body (Zendesk sends empty text/html 403s), so the
 * parent cursor still advances. Client-side cursor `updated_at` per ticket (millisecond and
 * `+00:00` forms accepted).
 */
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { nextPagePaginator } from "@calabi/zendesk-common";
import { planSubstream, readSubstream, type Stream, toJsonSchema } from "@calabi/kernel";
import { sideConversationSchema } from "../schemas/side-conversations.js";
import { skipPartitionOn } from "../common/error-rules.js";
import { apiUrl, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { tickets } from "./tickets.js";

const rules = [skipPartitionOn([403, 404, 422], "side conversations unavailable")];

export const sideConversations: Stream = {
  spec: {
    name: "side_conversations",
    jsonSchema: toJsonSchema(sideConversationSchema),
    primaryKey: [["id"]],
    cursorField: ["updated_at"],
    parents: ["tickets"],
  },
  // One request per ticket on the account class; the tickets export pages are few beside them.
  rateClass: () => RATE_CLASS.account,
  plan: (ctx) => planSubstream({ parent: tickets, childUrl: apiUrl(ctx, "tickets/{id}/side_conversations.json"), route: "/api/v2/tickets/{id}/side_conversations.json" }, ctx),
  read: (ctx) =>
    readSubstream(
      {
        parent: tickets,
        partition: (t) => ({ ticket_id: t.id }),
        async readPartition({ partition, ctx: c }) {
          const out = [];
          const url = apiUrl(c, `tickets/${partition.ticket_id}/side_conversations.json`);
          for await (const page of walkPages(c, { url, paginator: nextPagePaginator({ perPage: 100 }), records: "side_conversations", rules, label: "side_conversations" })) {
            out.push(...page.records);
          }
          return out;
        },
        cursorField: "updated_at",
        stateFormat: "iso",
        start: (c) => startSeconds(c),
      },
      ctx,
    ),
};
