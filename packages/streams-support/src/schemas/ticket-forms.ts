import { any, arr, bool, dateTime, int, record, str } from "../schema/dsl.js";

export const ticketFormSchema = record({
  agent_conditions: arr(any()), end_user_conditions: arr(any()), created_at: dateTime(), name: str(),
  display_name: str(), raw_display_name: str(), position: int(), raw_name: str(), updated_at: dateTime(),
  active: bool(), default: bool(), in_all_brands: bool(), end_user_visible: bool(), url: str(), id: int(),
  restricted_brand_ids: arr(int()), ticket_field_ids: arr(int()),
});
