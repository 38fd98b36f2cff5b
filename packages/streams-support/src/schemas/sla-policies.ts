import { arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";
import { ruleConditions } from "./business-rules.js";

export const slaPolicySchema = record({
  id: int(), url: str(), title: str(), description: str(), position: int(), filter: ruleConditions,
  policy_metrics: arr(obj({ priority: str(), target: int(), business_hours: bool(), metric: str() })),
  created_at: dateTime(), updated_at: dateTime(),
});
