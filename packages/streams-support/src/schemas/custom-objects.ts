import { any, arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";

/** A custom object (its `key` identifies it; the API gives it no numeric id). */
export const customObjectSchema = record({
  key: str(), url: str(), title: str(), raw_title: str(), title_pluralized: str(), raw_title_pluralized: str(),
  description: str(), raw_description: str(), include_in_list_view: bool(), allows_photos: bool(), allows_attachments: bool(),
  created_by_user_id: str(), updated_by_user_id: str(), created_at: dateTime(), updated_at: dateTime(),
});

/** A field of a custom object; `custom_object_key` is added by the connector (the API leaves the object implied). */
export const customObjectFieldSchema = record({
  id: int(), url: str(), custom_object_key: str(), key: str(), type: str(), title: str(), raw_title: str(), description: str(),
  raw_description: str(), position: int(), active: bool(), required: bool(), system: bool(), regexp_for_validation: str(),
  relationship_target_type: str(), relationship_filter: any(), properties: any(),
  custom_field_options: arr(obj({ id: int(), name: str(), raw_name: str(), value: str() })),
  created_at: dateTime(), updated_at: dateTime(),
});

/**
 * A custom object record as the incremental export returns it (ULID string id, its object's key).
 * Deleted records keep coming, their values replaced with "[DELETED]".
 */
export const customObjectRecordSchema = record({
  id: str(), url: str(), custom_object_key: str(), name: str(), external_id: str(), custom_object_fields: any(),
  created_by_user_id: str(), updated_by_user_id: str(), created_at: dateTime(), updated_at: dateTime(),
});
