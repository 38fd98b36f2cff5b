import { arr, bool, dateTime, int, obj, record, str, any } from "../schema/dsl.js";

const photoFields = {
  id: int(), url: str(), file_name: str(), content_url: str(), mapped_content_url: str(), content_type: str(),
  size: int(), width: int(), height: int(), inline: bool(),
};

export const userSchema = record({
  id: int(), url: str(), name: str(), email: str(), created_at: dateTime(), updated_at: dateTime(),
  time_zone: str(), iana_time_zone: str(), phone: str(), shared_phone_number: bool(),
  photo: obj({ ...photoFields, thumbnails: arr(obj(photoFields)) }), locale_id: int(), locale: str(),
  organization_id: int(), role: str(), verified: bool(), external_id: str(), tags: arr(str()), alias: str(),
  active: bool(), shared: bool(), shared_agent: bool(), last_login_at: dateTime(), two_factor_auth_enabled: bool(),
  signature: str(), details: str(), notes: str(), role_type: int(), custom_role_id: int(), moderator: bool(),
  ticket_restriction: str(), only_private_comments: bool(), restricted_agent: bool(), suspended: bool(),
  default_group_id: int(), report_csv: bool(), user_fields: any(), chat_only: bool(), permanently_deleted: bool(),
});
