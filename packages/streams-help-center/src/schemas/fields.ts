/**
 * Field vocabulary of Help Center records (@calabi/zendesk-common's): every field nullable and
 * optional, objects loose (records are emitted as the API returns them, plus documented additions).
 */
export { str, int, bool, dateTime, strings, ints, boolOrString, record, brandId } from "@calabi/zendesk-common/schema";
