import { any, arr, bool, dateTime, int, record, str } from "../schema/dsl.js";

export const userFieldSchema = record({
  id: int(), url: str(), key: str(), type: str(), title: str(), raw_title: str(), description: str(), raw_description: str(),
  position: int(), active: bool(), system: bool(), regexp_for_validation: str(), tag: str(), custom_field_options: arr(any()),
  created_at: dateTime(), updated_at: dateTime(),
});
