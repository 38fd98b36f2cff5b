import { arr, bool, dateTime, int, record, str } from "../schema/dsl.js";
import { ruleAction, ruleConditions } from "./business-rules.js";

export const triggerSchema = record({
  id: int(), url: str(), title: str(), raw_title: str(), description: str(), active: bool(), default: bool(),
  position: int(), category_id: str(), conditions: ruleConditions, actions: arr(ruleAction),
  created_at: dateTime(), updated_at: dateTime(),
});
