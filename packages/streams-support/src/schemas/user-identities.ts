import { bool, dateTime, int, record, str } from "../schema/dsl.js";

export const userIdentitySchema = record({
  id: int(), url: str(), user_id: int(), type: str(), value: str(), verified: bool(), primary: bool(),
  created_at: dateTime(), updated_at: dateTime(),
});
