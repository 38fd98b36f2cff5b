import { any, bool, dateTime, int, record, str } from "../schema/dsl.js";

/** A deleted user (permanently deleted ones named "Permanently Deleted User", contact data null). */
export const deletedUserSchema = record({
  id: int(), url: str(), name: str(), email: str(), created_at: dateTime(), updated_at: dateTime(), time_zone: str(),
  phone: str(), shared_phone_number: bool(), photo: any(), locale_id: int(), locale: str(), organization_id: int(),
  role: str(), active: bool(), separation: any(),
});
