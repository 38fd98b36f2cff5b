import { any, arr, dateTime, int, obj, record, str } from "../schema/dsl.js";

/** Mail Zendesk suspended instead of turning it into a ticket (kept 14 days, until recovered or deleted). */
export const suspendedTicketSchema = record({
  id: int(), url: str(), author: obj({ id: int(), name: str(), email: str() }), subject: str(), content: str(), cause: str(),
  cause_id: int(), error_messages: arr(any()), message_id: str(), recipient: str(), brand_id: int(), ticket_id: int(),
  attachments: arr(any()), via: any(), created_at: dateTime(), updated_at: dateTime(),
});
