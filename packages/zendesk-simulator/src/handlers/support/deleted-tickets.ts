/**
 * `/api/v2/deleted_tickets` (ZENDESK-API.md §6): soft-deleted tickets not yet scrubbed (≤ 30 days),
 * oldest deletion first; CBP or OBP. Without the `view_deleted_tickets` permission → 403.
 */
import { deletedTicketRecord } from "../../account/account.js";
import { NO_ACCESS_BODY, supportAccess } from "../../account/support-access.js";
import { HttpError } from "../../core/http.js";
import type { Route, RouteContext } from "../../core/route.js";
import { listResponse } from "../list.js";

function list(ctx: RouteContext): Response {
  if (supportAccess(ctx.sim).denied.has("view_deleted_tickets")) throw new HttpError(403, NO_ACCESS_BODY);
  const account = ctx.sim.account;
  const items = account.deletedTickets().map(({ ticket, meta }) => deletedTicketRecord(account, ticket, meta));
  return listResponse(ctx, items, {
    key: "deleted_tickets",
    endpoint: "deleted_tickets",
    cursorOrder: { label: "deleted_at,id", key: (t) => [t.deleted_at as string, t.id as number], dirs: [1, 1] },
  });
}

export const deletedTicketRoutes: Route[] = [{ method: "GET", path: "/api/v2/deleted_tickets", handler: list }];
