import { any, arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";

export const ticketFieldSchema = record({
  created_at: dateTime(), title_in_portal: str(), visible_in_portal: bool(), collapsed_for_agents: bool(),
  regexp_for_validation: str(), title: str(), position: int(), type: str(), editable_in_portal: bool(),
  raw_title_in_portal: str(), raw_description: str(),
  custom_field_options: arr(obj({ name: str(), value: str(), id: int(), default: bool(), raw_name: str() })),
  updated_at: dateTime(), tag: str(), removable: bool(), active: bool(), url: str(), raw_title: str(),
  required: bool(), id: int(), description: str(), agent_description: str(), required_in_portal: bool(),
  system_field_options: arr(any()), custom_statuses: arr(any()), key: str(), sub_type_id: int(),
});
