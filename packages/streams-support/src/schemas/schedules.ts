import { arr, dateTime, int, obj, record, str } from "../schema/dsl.js";

export const scheduleSchema = record({
  id: int(), name: str(), intervals: arr(obj({ start_time: int(), end_time: int() })), time_zone: str(),
  created_at: dateTime(), updated_at: dateTime(),
});
