/** The account data other connectors leave behind: custom objects, custom statuses, suspended and deleted records, routing. */
import type { Stream } from "@calabi/kernel";
import { customObjectFields } from "./custom_object_fields.js";
import { customObjectRecords } from "./custom_object_records.js";
import { customObjects } from "./custom_objects.js";
import { customStatuses } from "./custom_statuses.js";
import { deletedUsers } from "./deleted_users.js";
import { dynamicContentItems } from "./dynamic_content_items.js";
import { routingAttributes, routingAttributeValues, routingInstanceValues } from "./routing_exports.js";
import { supportAddresses } from "./support_addresses.js";
import { suspendedTickets } from "./suspended_tickets.js";

export {
  customObjectFields, customObjectRecords, customObjects, customStatuses, deletedUsers, dynamicContentItems, routingAttributes,
  routingAttributeValues, routingInstanceValues, supportAddresses, suspendedTickets,
};

export const accountDataStreams: Stream<any, any>[] = [
  customObjects, customObjectFields, customObjectRecords, customStatuses, suspendedTickets, deletedUsers, dynamicContentItems,
  supportAddresses, routingAttributes, routingAttributeValues, routingInstanceValues,
];
