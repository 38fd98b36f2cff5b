import { bool, dateTime, int, record, str } from "../schema/dsl.js";

export const organizationMembershipSchema = record({
  default: bool(), url: str(), updated_at: dateTime(), created_at: dateTime(), id: int(), user_id: int(),
  organization_id: int(), organization_name: str(), view_tickets: bool(),
});
