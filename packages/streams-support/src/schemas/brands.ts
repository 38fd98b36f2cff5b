import { any, arr, bool, dateTime, int, record, str } from "../schema/dsl.js";

/** `is_deleted: true` marks a deleted brand. `logo` is null or an attachment object. */
export const brandSchema = record({
  id: int(), url: str(), name: str(), brand_url: str(), subdomain: str(), host_mapping: str(), has_help_center: bool(),
  help_center_state: str(), active: bool(), default: bool(), is_deleted: bool(), logo: any(), ticket_form_ids: arr(int()),
  signature_template: str(), created_at: dateTime(), updated_at: dateTime(),
});
