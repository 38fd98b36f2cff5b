import { dateTime, int, obj, record, str } from "../schema/dsl.js";

const minutes = obj({ calendar: int(), business: int() });

/** Per-ticket metrics; `_ab_updated_at` (unix seconds) is the synthetic cursor the connector adds. */
export const ticketMetricSchema = record({
  id: int(), url: str(), ticket_id: int(), created_at: dateTime(), updated_at: dateTime(), group_stations: int(),
  assignee_stations: int(), reopens: int(), replies: int(), assignee_updated_at: dateTime(), requester_updated_at: dateTime(),
  status_updated_at: dateTime(), initially_assigned_at: dateTime(), assigned_at: dateTime(), solved_at: dateTime(),
  latest_comment_added_at: dateTime(), custom_status_updated_at: dateTime(), reply_time_in_minutes: minutes,
  reply_time_in_seconds: minutes, first_resolution_time_in_minutes: minutes, full_resolution_time_in_minutes: minutes,
  agent_wait_time_in_minutes: minutes, requester_wait_time_in_minutes: minutes, on_hold_time_in_minutes: minutes,
  _ab_updated_at: int(), generated_timestamp: int(),
  // Airbyte's schema also lists the metric-event fields (its templates mix both record kinds).
  metric: str(), time: str(), instance_id: int(), type: str(), status: minutes,
});
