import { bool, dateTime, int, record, str } from "../schema/dsl.js";

export const groupSchema = record({
  id: int(), url: str(), name: str(), description: str(), default: bool(), deleted: bool(), is_public: bool(),
  created_at: dateTime(), updated_at: dateTime(),
});
