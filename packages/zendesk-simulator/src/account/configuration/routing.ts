/** Skills-based routing: account attributes (ULID ids) and the condition definitions. */
import { apiBase, type AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";
import { configTimes, ulid } from "./common.js";

const ATTRIBUTE_NAMES = ["Language", "Quality", "Product expertise", "Region", "Tier"];

export function generateAccountAttributes(shape: AccountShape): JsonObject[] {
  return ATTRIBUTE_NAMES.map((name, i) => {
    const id = ulid(shape.seed, "routingAttribute", i);
    return { url: `${apiBase(shape)}/routing/attributes/${id}.json`, id, name, ...configTimes(shape, "routingAttribute", i) };
  });
}

const op = (value: string, title: string, terminal = false): JsonObject => ({ value, title, terminal });
const isOps = [op("is", "Is"), op("is_not", "Is not")];

/** `{ conditions_all, conditions_any }` as GET /routing/attributes/definitions returns it. */
export function generateAttributeDefinitions(shape: AccountShape): { conditions_all: JsonObject[]; conditions_any: JsonObject[] } {
  const brand = { value: String(shape.brandIds[0]), title: `${shape.subdomain} brand`, enabled: true };
  const forms = shape.ticketFormIds.map((id, i) => ({ value: String(id), title: i === 0 ? "Default Ticket Form" : `Form ${i + 1}`, enabled: true }));
  const list = (title: string, subject: string, values: JsonObject[]): JsonObject => ({
    title, subject, type: "list", group: "ticket", nullable: false, repeatable: false, operators: isOps, values,
  });
  const incidents: JsonObject = {
    title: "Number of incidents", subject: "number_of_incidents", type: "text", group: "ticket", nullable: false, repeatable: false,
    operators: [op("less_than", "Less than"), op("greater_than", "Greater than"), op("is", "Is")],
  };
  const role = list("Requester role", "requester_role", [
    { value: "end_user", title: "End user", enabled: true }, { value: "agent", title: "Agent", enabled: true }, { value: "admin", title: "Admin", enabled: true },
  ]);
  return {
    conditions_all: [incidents, list("Brand", "brand_id", [brand]), list("Form", "ticket_form_id", forms)],
    conditions_any: [role, list("Brand", "brand_id", [brand])],
  };
}
