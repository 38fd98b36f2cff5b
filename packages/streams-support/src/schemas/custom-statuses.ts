import { bool, dateTime, int, record, str } from "../schema/dsl.js";

/** A custom ticket status: what a ticket's `custom_status_id` means (label, category, active). */
export const customStatusSchema = record({
  id: int(), url: str(), status_category: str(), agent_label: str(), raw_agent_label: str(), end_user_label: str(),
  raw_end_user_label: str(), description: str(), raw_description: str(), end_user_description: str(),
  raw_end_user_description: str(), active: bool(), default: bool(), created_at: dateTime(), updated_at: dateTime(),
});
