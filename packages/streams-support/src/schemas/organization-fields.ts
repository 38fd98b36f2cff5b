import { any, arr, bool, dateTime, int, record, str } from "../schema/dsl.js";

export const organizationFieldSchema = record({
  active: bool(), created_at: dateTime(), custom_field_options: arr(any()), description: str(), id: int(),
  key: str(), position: int(), raw_description: str(), raw_title: str(), regexp_for_validation: str(),
  relationship_filter: any(), relationship_target_type: str(), system: bool(), tag: str(), title: str(), type: str(),
  updated_at: dateTime(), url: str(),
});
