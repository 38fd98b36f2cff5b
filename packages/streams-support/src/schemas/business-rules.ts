import { any, arr, obj, str } from "../schema/dsl.js";

/**
 * Conditions and actions of business rules (triggers, automations, macros, SLA filters). `value` has
 * no fixed type in the API: a string, a number, null, or an array (e.g. `notification_user` takes
 * `[recipient, subject, body]`), so it is typed `any`.
 */
export const ruleCondition = obj({ field: str(), operator: str(), value: any() });
export const ruleConditions = obj({ all: arr(ruleCondition), any: arr(ruleCondition) });
export const ruleAction = obj({ field: str(), value: any() });
