import { dateTime, int, obj, record, str } from "../schema/dsl.js";

/** `user` and `actor` embed the user records involved. */
export const ticketActivitySchema = record({
  id: int(), url: str(), title: str(), verb: str(), description: str(), user_id: int(), actor_id: int(),
  object: obj({}), target: obj({}), user: obj({}), actor: obj({ id: int(), name: str() }), created_at: dateTime(), updated_at: dateTime(),
});
