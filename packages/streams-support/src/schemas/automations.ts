import { arr, bool, dateTime, int, record, str } from "../schema/dsl.js";
import { ruleAction, ruleConditions } from "./business-rules.js";

export const automationSchema = record({
  id: int(), url: str(), title: str(), raw_title: str(), active: bool(), default: bool(), position: int(),
  conditions: ruleConditions, actions: arr(ruleAction), created_at: dateTime(), updated_at: dateTime(),
});
