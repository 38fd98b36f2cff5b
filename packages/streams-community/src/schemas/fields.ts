/** Field vocabulary of Community records (@calabi/zendesk-common's): nullable, optional, loose objects. */
export { str, int, num, bool, dateTime, record, brandId } from "@calabi/zendesk-common/schema";
