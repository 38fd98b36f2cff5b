import type { Stream } from "@calabi/kernel";
import { accountAttributes } from "./account-attributes.js";
import { attributeDefinitions } from "./attribute-definitions.js";
import { automations } from "./automations.js";
import { brands } from "./brands.js";
import { customRoles } from "./custom-roles.js";
import { groupMemberships } from "./group-memberships.js";
import { macros } from "./macros.js";
import { organizationFields } from "./organization-fields.js";
import { organizationMemberships } from "./organization-memberships.js";
import { schedules } from "./schedules.js";
import { slaPolicies } from "./sla-policies.js";
import { ticketFields } from "./ticket-fields.js";
import { ticketForms } from "./ticket-forms.js";
import { triggers } from "./triggers.js";
import { userFields } from "./user-fields.js";

export {
  accountAttributes, attributeDefinitions, automations, brands, customRoles, groupMemberships, macros, organizationFields,
  organizationMemberships, schedules, slaPolicies, ticketFields, ticketForms, triggers, userFields,
};

/** The account-configuration streams (business rules, fields, forms, memberships, routing, SLAs). */
export const configurationStreams: Stream<any, any>[] = [
  accountAttributes, attributeDefinitions, automations, brands, customRoles, groupMemberships, macros, organizationFields,
  organizationMemberships, schedules, slaPolicies, ticketFields, ticketForms, triggers, userFields,
];
