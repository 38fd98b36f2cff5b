/**
 * `/api/v2/tickets/{id}/side_conversations` (offset envelope). Refused tickets answer by status:
 * 403 with an empty `text/html` body, 404 RecordNotFound, or 422 UnprocessableEntity.
 */
import { sideConversationRefusal, sideConversationsOf } from "../../account/side-conversations.js";
import { HttpError, json } from "../../core/http.js";
import { offsetPage } from "../../pagination/offset.js";
import type { Route, RouteContext } from "../../core/route.js";

/** The side conversations of a ticket, or the refusal Zendesk answers for it. */
function conversationsOf(ctx: RouteContext, id: number): Response | ReturnType<typeof sideConversationsOf> {
  const refusal = sideConversationRefusal(ctx.sim.account, id);
  if (refusal === 403) return new Response("", { status: 403, headers: { "content-type": "text/html; charset=utf-8" } });
  if (refusal === 404) throw new HttpError(404, { error: "RecordNotFound", description: "Not found" });
  if (refusal === 422) throw new HttpError(422, { error: "UnprocessableEntity", description: "Side conversations are not available for this ticket" });
  return sideConversationsOf(ctx.sim.account, id);
}

function list(ctx: RouteContext): Response {
  const id = Number(ctx.params.id);
  const items = conversationsOf(ctx, id);
  if (items instanceof Response) return items;
  const page = offsetPage(items, ctx.query, ctx.origin, ctx.rawPath, `tickets/${id}/side_conversations`);
  return json(200, { side_conversations: page.items, ...page.envelope });
}

function show(ctx: RouteContext): Response {
  const items = conversationsOf(ctx, Number(ctx.params.id));
  if (items instanceof Response) return items;
  const found = items.find((c) => c.id === ctx.params.conversation_id);
  if (!found) throw new HttpError(404, { error: "RecordNotFound", description: "Not found" });
  return json(200, { side_conversation: found });
}

export const sideConversationRoutes: Route[] = [
  { method: "GET", path: "/api/v2/tickets/:id/side_conversations", handler: list },
  { method: "GET", path: "/api/v2/tickets/:id/side_conversations/:conversation_id", handler: show },
];
