import { any, arr, dateTime, int, obj, record, str } from "../schema/dsl.js";

/** One event per ticket update (audit), with its child events (Comment, Create, Change, Notification, …). */
export const ticketEventSchema = record({
  id: int(), ticket_id: int(), timestamp: int(), created_at: dateTime(), updater_id: int(), via: str(),
  via_reference_id: int(), system: obj({}), event_type: str(), child_events: arr(obj({})), metadata: any(),
});
