/**
 * `/api/v2/tickets/{id}/side_conversations` (offset envelope). Refused tickets answer by status:
 * 403 with an empty `text/html` body, 404 RecordNotFound, or 422 UnprocessableEntity.
 */
import { sideConversationRefusal, sideConversationsOf } from "../data/side-conversations.js";
import { HttpError, json } from "../http-util.js";
import { offsetPage } from "../pagination/offset.js";
import type { Route, RouteContext } from "../simulator.js";

function list(ctx: RouteContext): Response {
  const id = Number(ctx.params.id);
  const refusal = sideConversationRefusal(ctx.sim.account, id);
  if (refusal === 403) return new Response("", { status: 403, headers: { "content-type": "text/html; charset=utf-8" } });
  if (refusal === 404) throw new HttpError(404, { error: "RecordNotFound", description: "Not found" });
  if (refusal === 422) throw new HttpError(422, { error: "UnprocessableEntity", description: "Side conversations are not available for this ticket" });
  const items = sideConversationsOf(ctx.sim.account, id);
  const page = offsetPage(items, ctx.query, ctx.origin, ctx.rawPath, `tickets/${id}/side_conversations`);
  return json(200, { side_conversations: page.items, ...page.envelope });
}

export const sideConversationRoutes: Route[] = [{ method: "GET", path: "/api/v2/tickets/:id/side_conversations", handler: list }];
