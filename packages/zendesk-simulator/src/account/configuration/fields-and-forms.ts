/**
 * Field definitions and ticket forms, consistent with the custom fields that tickets, users and
 * organizations carry (`shape.ticketFields`, `shape.userFields`, `shape.organizationFields`).
 */
import { bigId } from "../ids.js";
import type { AccountShape, CustomFieldDef } from "../shape.js";
import type { JsonObject } from "../../core/types.js";
import { configTimes, recordUrl } from "./common.js";

/** The system ticket fields every account has (negative index → ids below the custom ones). */
const SYSTEM_TICKET_FIELDS: [string, string][] = [
  ["subject", "Subject"], ["description", "Description"], ["status", "Status"], ["custom_status", "Ticket status"],
  ["tickettype", "Type"], ["priority", "Priority"], ["group", "Group"], ["assignee", "Assignee"],
];

const options = (def: CustomFieldDef, base: number): JsonObject[] =>
  (def.options ?? []).map((value, i) => ({ id: base + i + 1, name: value.replace(/_/g, " "), raw_name: value.replace(/_/g, " "), value, default: false }));

export function generateTicketFields(shape: AccountShape): JsonObject[] {
  const system = SYSTEM_TICKET_FIELDS.map(([type, title], i): JsonObject => {
    const id = bigId(shape.seed, "ticketField", 50 + i);
    return {
      url: recordUrl(shape, "ticket_fields", id), id, type, title, raw_title: title, description: `Request ${title.toLowerCase()}`,
      raw_description: `Request ${title.toLowerCase()}`, position: i, active: true, required: type === "subject",
      collapsed_for_agents: false, regexp_for_validation: null, title_in_portal: title, raw_title_in_portal: title,
      visible_in_portal: ["subject", "description"].includes(type), editable_in_portal: ["subject", "description"].includes(type),
      required_in_portal: ["subject", "description"].includes(type), tag: null, ...configTimes(shape, "ticketField", 50 + i),
      removable: false, key: null, agent_description: null,
    };
  });
  const custom = shape.ticketFields.map((def, i): JsonObject => ({
    url: recordUrl(shape, "ticket_fields", def.id), id: def.id, type: def.type, title: def.title, raw_title: def.title,
    description: "", raw_description: "", position: 100 + i, active: true, required: false, collapsed_for_agents: false,
    regexp_for_validation: def.type === "regexp" ? "^AC-\\d{4}$" : null, title_in_portal: def.title, raw_title_in_portal: def.title,
    visible_in_portal: false, editable_in_portal: false, required_in_portal: false, tag: null, ...configTimes(shape, "ticketField", i),
    removable: true, key: null, agent_description: null,
    ...(def.options ? { custom_field_options: options(def, def.id) } : {}),
  }));
  return [...system, ...custom];
}

function profileField(shape: AccountShape, resource: "user_fields" | "organization_fields", def: CustomFieldDef, i: number): JsonObject {
  return {
    url: recordUrl(shape, resource, def.id), id: def.id, type: def.type, key: def.key, title: def.title, description: "",
    raw_title: def.title, raw_description: "", position: i, active: true, system: false,
    regexp_for_validation: null, ...configTimes(shape, resource, i), tag: def.type === "checkbox" ? def.key : null,
    ...(def.options ? { custom_field_options: options(def, def.id) } : {}),
  };
}

export const generateUserFields = (shape: AccountShape): JsonObject[] => shape.userFields.map((d, i) => profileField(shape, "user_fields", d, i));
export const generateOrganizationFields = (shape: AccountShape): JsonObject[] =>
  shape.organizationFields.map((d, i) => profileField(shape, "organization_fields", d, i));

export function generateTicketForms(shape: AccountShape): JsonObject[] {
  const fieldIds = [...generateTicketFields(shape)].map((f) => f.id as number);
  return shape.ticketFormIds.map((id, i) => {
    const name = i === 0 ? "Default Ticket Form" : `Form ${i + 1}`;
    return {
      url: recordUrl(shape, "ticket_forms", id), id, name, raw_name: name, display_name: name, raw_display_name: name,
      end_user_visible: true, position: i + 1, ticket_field_ids: i === 0 ? fieldIds : fieldIds.slice(0, 6), active: true, default: i === 0,
      ...configTimes(shape, "ticketForm", i), in_all_brands: true, restricted_brand_ids: [], end_user_conditions: [], agent_conditions: [],
    };
  });
}
