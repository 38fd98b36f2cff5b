import { arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";

const variant = obj({
  id: int(), url: str(), content: str(), locale_id: int(), outdated: bool(), active: bool(), default: bool(),
  created_at: dateTime(), updated_at: dateTime(),
});

/** A dynamic content item (the `{{dc.name}}` placeholder macros and triggers insert) with its localized variants. */
export const dynamicContentItemSchema = record({
  id: int(), url: str(), name: str(), placeholder: str(), default_locale_id: int(), outdated: bool(),
  created_at: dateTime(), updated_at: dateTime(), variants: arr(variant),
});
