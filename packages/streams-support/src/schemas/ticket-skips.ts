import { dateTime, int, obj, record, str } from "../schema/dsl.js";
import { ticketShape } from "./tickets.js";

/** A ticket skipped by an agent, with the ticket embedded. */
export const ticketSkipSchema = record({
  id: int(), ticket_id: int(), user_id: int(), reason: str(), created_at: dateTime(), updated_at: dateTime(), ticket: obj(ticketShape),
});
