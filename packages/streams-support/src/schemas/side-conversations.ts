import { arr, dateTime, int, obj, record, str } from "../schema/dsl.js";

/** Side conversations have UUID string ids; timestamps carry milliseconds (`…SS.fff+00:00`). */
export const sideConversationSchema = record({
  id: str(), url: str(), ticket_id: int(), subject: str(), preview_text: str(), state: str(),
  participants: arr(obj({ user_id: int(), name: str(), email: str() })), created_at: dateTime(), updated_at: dateTime(),
  message_added_at: dateTime(), state_updated_at: dateTime(), external_ids: obj({}),
});
