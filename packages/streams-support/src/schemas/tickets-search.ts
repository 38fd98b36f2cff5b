import { record, str } from "../schema/dsl.js";
import { ticketShape } from "./tickets.js";

/** Export Search Results rows: a ticket plus `result_type`. */
export const ticketSearchSchema = record({ ...ticketShape, result_type: str() });
