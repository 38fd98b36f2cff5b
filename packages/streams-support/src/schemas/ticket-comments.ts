import { any, arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";
import { attachment, via } from "./ticket-parts.js";

/** A Comment child event of `include=comment_events`, plus ticket_id, timestamp and via_reference_id of its event. */
export const ticketCommentSchema = record({
  id: int(), ticket_id: int(), timestamp: int(), created_at: dateTime(), event_type: str(), type: str(),
  via_reference_id: int(), body: str(), html_body: str(), plain_body: str(), public: bool(), audit_id: int(),
  author_id: int(), via, metadata: obj({}), attachments: arr(attachment), uploads: arr(any()),
});
