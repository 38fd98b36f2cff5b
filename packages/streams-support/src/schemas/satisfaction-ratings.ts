import { dateTime, int, record, str } from "../schema/dsl.js";

export const satisfactionRatingSchema = record({
  id: int(), url: str(), assignee_id: int(), group_id: int(), requester_id: int(), ticket_id: int(), score: str(),
  comment: str(), reason: str(), reason_id: int(), created_at: dateTime(), updated_at: dateTime(),
});
