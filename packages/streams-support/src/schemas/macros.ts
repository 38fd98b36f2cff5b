import { arr, bool, dateTime, int, obj, record, str } from "../schema/dsl.js";
import { ruleAction } from "./business-rules.js";

export const macroSchema = record({
  id: int(), url: str(), title: str(), raw_title: str(), description: str(), active: bool(), default: bool(),
  position: int(), restriction: obj({ id: int(), ids: arr(int()), type: str() }), actions: arr(ruleAction),
  created_at: dateTime(), updated_at: dateTime(),
});
