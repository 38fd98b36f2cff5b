import { dateTime, int, obj, record, str } from "../schema/dsl.js";

/** Every record is a deletion marker: a soft-deleted ticket not yet scrubbed. */
export const deletedTicketSchema = record({
  id: int(), subject: str(), description: str(), actor: obj({ id: int(), name: str() }), deleted_at: dateTime(), previous_state: str(),
});
