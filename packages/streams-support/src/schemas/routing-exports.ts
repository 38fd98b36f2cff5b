import { dateTime, record, str } from "../schema/dsl.js";

/** The events of the skills-based routing exports: `type` is create / update / delete, or (un)associate_agent|ticket. */
export const routingAttributeEventSchema = record({ id: str(), name: str(), time: dateTime(), type: str() });
export const routingAttributeValueEventSchema = record({ id: str(), attribute_id: str(), name: str(), time: dateTime(), type: str() });
export const routingInstanceValueEventSchema = record({ id: str(), attribute_value_id: str(), instance_id: str(), time: dateTime(), type: str() });
