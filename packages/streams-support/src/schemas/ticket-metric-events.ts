import { bool, int, obj, record, str } from "../schema/dsl.js";

const sla = obj({ target: int(), business_hours: bool(), policy: obj({ id: int(), title: str(), description: str() }) });

/** `deleted: true` marks a voided event (e.g. a breach that no longer counts). */
export const ticketMetricEventSchema = record({
  id: int(), ticket_id: int(), metric: str(), instance_id: int(), type: str(), time: str(), sla, group_sla: sla,
  status: obj({ calendar: int(), business: int() }), deleted: bool(),
});
