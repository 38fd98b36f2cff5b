import { arr, dateTime, int, obj, record, str } from "../schema/dsl.js";
import { attachment, via } from "./ticket-parts.js";

/** A ticket audit: who changed what, with its events (Comment, Create, Change, Notification, …). */
export const ticketAuditSchema = record({
  id: int(), ticket_id: int(), created_at: dateTime(), author_id: int(), metadata: obj({ system: obj({}), custom: obj({}) }),
  events: arr(obj({ id: int(), type: str(), field_name: str() })), via, attachments: arr(attachment),
});
