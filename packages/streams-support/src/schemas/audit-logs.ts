import { dateTime, int, record, str } from "../schema/dsl.js";

/** Ids come as numbers (Airbyte types them `number`); kept integers here. */
export const auditLogSchema = record({
  id: int(), url: str(), action: str(), action_label: str(), actor_id: int(), actor_name: str(), source_id: int(),
  source_type: str(), source_label: str(), change_description: str(), ip_address: str(), created_at: dateTime(),
});
