import { bool, dateTime, int, record, str } from "../schema/dsl.js";

export const groupMembershipSchema = record({
  default: bool(), url: str(), user_id: int(), updated_at: dateTime(), group_id: int(), created_at: dateTime(),
  id: int(),
});
