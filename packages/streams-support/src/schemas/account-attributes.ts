import { dateTime, record, str } from "../schema/dsl.js";

export const accountAttributeSchema = record({
  id: str(), name: str(), created_at: dateTime(), updated_at: dateTime(), url: str(),
});
