import type { Stream } from "@calabi/kernel";
import { toJsonSchema } from "@calabi/kernel";
import { ticketEventSchema } from "../schemas/ticket-events.js";
import { passRateClass, readPassAlone } from "../common/shared-pass.js";
import { routedEstimate } from "../plan/routes.js";
import { ticketEventsMember, ticketEventsPass } from "./ticket_event_pass.js";

/** `incremental/ticket_events` as is: one record per ticket update, with `child_events`; state `{timestamp}`. */
export const ticketEvents: Stream = {
  spec: { name: "ticket_events", jsonSchema: toJsonSchema(ticketEventSchema), primaryKey: [["id"]], cursorField: ["timestamp"] },
  rateClass: () => passRateClass(ticketEventsPass),
  read: (ctx) => readPassAlone(ticketEventsPass, ticketEventsMember, ctx),
  plan: (ctx) => routedEstimate("ticket_events", "timestamp", ctx),
};
