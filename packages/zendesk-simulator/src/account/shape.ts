/**
 * The shape of a simulated account: how many records of each kind, the time
 * window they were created in, and the small reference sets (brands, forms,
 * custom statuses, custom field definitions, tag vocabulary) that records
 * point to. Derived from (seed, ticket count, anchor time) only.
 */
import { Slots } from "../store/slots.js";
import { Rng } from "../util/prng.js";
import { bigId } from "./ids.js";
import { GROUP_NAMES, TAG_WORDS } from "./vocab.js";

export const DAY = 86_400;

export interface CustomFieldDef {
  id: number;
  key: string;
  title: string;
  type: "text" | "tagger" | "date" | "regexp" | "integer" | "checkbox" | "decimal" | "dropdown";
  options?: string[];
  /** probability the value is set on a record */
  fill: number;
}

export interface AccountShape {
  seed: number;
  subdomain: string;
  /** Unix seconds: data is generated in the window [anchor - historyDays, anchor - 120 s]. */
  anchor: number;
  historyStart: number;
  historyEnd: number;
  counts: {
    tickets: number;
    endUsers: number;
    agents: number;
    organizations: number;
    groups: number;
    deletedGroups: number;
  };
  brandIds: number[];
  ticketFormIds: number[];
  /** custom status id per status category */
  customStatusIds: Record<string, number>;
  ticketFields: CustomFieldDef[];
  userFields: CustomFieldDef[];
  organizationFields: CustomFieldDef[];
  tagPool: string[];
  groupNames: string[];
  /** fraction of tickets that are deleted in the initial data */
  deletedTicketRate: number;
  deletedOrganizationRate: number;
  deletedUserRate: number;
  /** Constants the generators derive from the shape (word tables, pre-encoded parts), made once. */
  slots: Slots;
}

export interface ShapeOptions {
  seed: number;
  subdomain: string;
  anchor: number;
  tickets: number;
  historyDays?: number;
  users?: number;
  organizations?: number;
  groups?: number;
}

export function buildShape(o: ShapeOptions): AccountShape {
  const rng = new Rng(o.seed ^ 0x5eed);
  const n = Math.max(0, Math.floor(o.tickets));
  const historyDays = o.historyDays ?? 400;
  const agents = Math.max(3, Math.min(300, Math.ceil(n / 50)));
  const endUsers = o.users != null ? Math.max(1, o.users - agents) : Math.max(10, Math.ceil(n / 2));
  const organizations = o.organizations ?? Math.max(5, Math.ceil(n / 20));
  const groups = o.groups ?? Math.max(3, Math.min(60, Math.ceil(n / 100)));
  const groupNames: string[] = [];
  for (let i = 0; i < groups + Math.max(1, Math.floor(groups / 5)); i++) {
    groupNames.push(i < GROUP_NAMES.length ? GROUP_NAMES[i] : `${rng.pick(GROUP_NAMES)} ${Math.floor(i / GROUP_NAMES.length) + 1}`);
  }
  const tagPool = TAG_WORDS.slice();
  const extraTags = Math.min(5000, Math.floor(n / 20));
  for (let i = 0; i < extraTags; i++) tagPool.push(`${rng.pick(TAG_WORDS)}_${i + 1}`);

  const statuses = ["new", "open", "pending", "hold", "solved", "closed"];
  const customStatusIds: Record<string, number> = {};
  statuses.forEach((s, i) => (customStatusIds[s] = bigId(o.seed, "customStatus", i)));
  // Zendesk has no "closed" custom status: closed tickets keep the default solved status.
  customStatusIds.closed = customStatusIds.solved;

  const tf = (i: number, key: string, title: string, type: CustomFieldDef["type"], fill: number, options?: string[]): CustomFieldDef => ({
    id: bigId(o.seed, "ticketField", i), key, title, type, fill, options,
  });
  const ticketFields: CustomFieldDef[] = [
    tf(0, "order_number", "Order number", "text", 0.4),
    tf(1, "product", "Product", "tagger", 0.7, ["product_dashboard", "product_mobile", "product_api", "product_billing"]),
    tf(2, "region", "Region", "tagger", 0.6, ["region_emea", "region_amer", "region_apac"]),
    tf(3, "follow_up_date", "Follow-up date", "date", 0.15),
    tf(4, "account_code", "Account code", "regexp", 0.2),
  ];
  const uf = (i: number, key: string, title: string, type: CustomFieldDef["type"], fill: number, options?: string[]): CustomFieldDef => ({
    id: bigId(o.seed, "userField", i), key, title, type, fill, options,
  });
  const userFields: CustomFieldDef[] = [
    uf(0, "plan_tier", "Plan tier", "dropdown", 0.5, ["free", "pro", "enterprise"]),
    uf(1, "employee_id", "Employee ID", "text", 0.2),
    uf(2, "vip", "VIP", "checkbox", 1),
  ];
  const of = (i: number, key: string, title: string, type: CustomFieldDef["type"], fill: number, options?: string[]): CustomFieldDef => ({
    id: bigId(o.seed, "organizationField", i), key, title, type, fill, options,
  });
  const organizationFields: CustomFieldDef[] = [
    of(0, "account_tier", "Account tier", "dropdown", 0.6, ["bronze", "silver", "gold"]),
    of(1, "seats", "Seats", "integer", 0.5),
    of(2, "strategic", "Strategic account", "checkbox", 1),
  ];

  return {
    slots: new Slots(),
    seed: o.seed,
    subdomain: o.subdomain,
    anchor: o.anchor,
    historyStart: o.anchor - historyDays * DAY,
    historyEnd: o.anchor - 120,
    counts: {
      tickets: n,
      endUsers,
      agents,
      organizations,
      groups,
      deletedGroups: Math.max(1, Math.floor(groups / 5)),
    },
    brandIds: [bigId(o.seed, "brand", 0)],
    ticketFormIds: [bigId(o.seed, "ticketForm", 0), bigId(o.seed, "ticketForm", 1)],
    customStatusIds,
    ticketFields,
    userFields,
    organizationFields,
    tagPool,
    groupNames,
    deletedTicketRate: 0.03,
    deletedOrganizationRate: 0.04,
    deletedUserRate: 0.02,
  };
}

/** Host used inside record `url` fields. */
export function apiBase(shape: AccountShape): string {
  return `https://${shape.subdomain}.zendesk.com/api/v2`;
}
