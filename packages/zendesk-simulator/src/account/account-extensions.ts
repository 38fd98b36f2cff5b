/**
 * The account data most connectors leave behind (issue #14): custom ticket statuses, suspended
 * tickets, deleted users, dynamic content, support addresses, custom objects and the skills-based
 * routing change logs. Created on first use per simulator (kept in its account's slots), from
 * the account shape, consistent with the rest of the account: tickets' `custom_status_id` are the
 * default statuses listed here, suspended tickets and custom object records point at real users and
 * tickets, support addresses include the address tickets were sent to.
 *
 * Ground truth (`extensionGroundTruth`) is exactly what a correct connector outputs per stream,
 * sorted by primary key; incremental exports leave out the last minute, as the API does.
 */
import { toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { SimClock } from "../util/clock.js";
import type { Account } from "./account.js";
import { configTimes } from "./configuration/common.js";
import { CustomObjects } from "./custom-objects.js";
import { bigId } from "./ids.js";
import { RoutingLogs } from "./routing-exports.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { userCount, userId, userPerson } from "./users.js";
import type { JsonObject } from "../core/types.js";

export const EXTENSION_STREAMS = [
  "custom_statuses",
  "suspended_tickets",
  "deleted_users",
  "dynamic_content_items",
  "support_addresses",
  "custom_objects",
  "custom_object_fields",
  "custom_object_records",
  "routing_attributes",
  "routing_attribute_values",
  "routing_instance_values",
] as const;
export type ExtensionStream = (typeof EXTENSION_STREAMS)[number];
export const isExtensionStream = (name: string): name is ExtensionStream => (EXTENSION_STREAMS as readonly string[]).includes(name);

/** Lists held here that tests and the control API edit (create / update / delete by id). */
export const EDITABLE_LISTS = ["custom_statuses", "suspended_tickets", "dynamic_content_items", "support_addresses"] as const;
export type EditableList = (typeof EDITABLE_LISTS)[number];

const ID_BASE = { suspended: 8_500_000_000_000, dynamicContent: 8_600_000_000_000, variant: 8_650_000_000_000, address: 8_700_000_000_000 } as const;
const clone = <T>(v: T): T => structuredClone(v);
const byId = (a: JsonObject, b: JsonObject) => (a.id as number) - (b.id as number);

// ---- custom statuses ------------------------------------------------------------------

const DEFAULT_STATUSES: [category: string, agent: string, endUser: string][] = [
  ["new", "New", "Open"],
  ["open", "Open", "Open"],
  ["pending", "Pending", "Awaiting your reply"],
  ["hold", "On-hold", "Open"],
  ["solved", "Solved", "Solved"],
];
const EXTRA_STATUSES: [category: string, agent: string, endUser: string, active: boolean][] = [
  ["open", "Escalated to engineering", "In progress", true],
  ["hold", "Waiting on vendor", "In progress", true],
  ["pending", "Waiting for parts", "Awaiting your reply", true],
  ["open", "Legacy triage", "Open", false],
];

function generateCustomStatuses(shape: AccountShape): JsonObject[] {
  const status = (id: number, i: number, category: string, agent: string, endUser: string, isDefault: boolean, active: boolean): JsonObject => {
    const description = isDefault ? `Default ${category} status` : `${agent} (${category})`;
    return {
      url: `${apiBase(shape)}/custom_statuses/${id}.json`,
      id,
      status_category: category,
      agent_label: agent,
      raw_agent_label: agent,
      end_user_label: endUser,
      raw_end_user_label: endUser,
      description,
      raw_description: description,
      end_user_description: endUser,
      raw_end_user_description: endUser,
      active,
      default: isDefault,
      ...configTimes(shape, "customStatus", i),
    };
  };
  const out = DEFAULT_STATUSES.map(([c, a, e], i) => status(shape.customStatusIds[c], i, c, a, e, true, true));
  EXTRA_STATUSES.forEach(([c, a, e, active], k) => out.push(status(bigId(shape.seed, "customStatus", 10 + k), 10 + k, c, a, e, false, active)));
  return out;
}

// ---- suspended tickets ------------------------------------------------------------------

const CAUSES: [cause: string, id: number][] = [
  ["Detected as spam", 0],
  ["Automated response mail", 1],
  ["Received from support address", 3],
  ["Email is from a bounce address", 5],
  ["End-user only allowed to update their own tickets", 19],
  ["Detected as mail loop", 7],
];

/** Suspended mail of the last 14 days (Zendesk deletes it after that); some from known users, some replies to real tickets. */
function generateSuspendedTickets(shape: AccountShape): JsonObject[] {
  const n = Math.min(2000, Math.max(5, Math.ceil(shape.counts.tickets / 40)));
  const support = `support@${shape.subdomain}.zendesk.com`;
  const out: JsonObject[] = [];
  for (let i = 0; i < n; i++) {
    const rng = Rng.for(shape.seed, "suspended", i);
    const created = shape.historyEnd - 14 * DAY + Math.floor(((i + rng.float()) * 14 * DAY) / n);
    const [cause, causeId] = rng.pick(CAUSES);
    const known = rng.bool(0.5);
    const index = rng.int(shape.counts.agents, Math.max(shape.counts.agents, userCount(shape) - 1));
    const person = known ? userPerson(shape, index) : undefined;
    const author = person && person.email ? { id: userId(shape, index), name: person.name, email: person.email } : { id: null, name: `Sender ${i + 1}`, email: `sender${i + 1}@mail-${rng.hex(4)}.example` };
    const ticketId = shape.counts.tickets > 0 && rng.bool(0.3) ? rng.int(1, shape.counts.tickets) : null;
    const id = ID_BASE.suspended + i * 1000 + rng.int(0, 997);
    out.push({
      url: `${apiBase(shape)}/suspended_tickets/${id}.json`,
      id,
      author,
      subject: ticketId ? `Re: request #${ticketId}` : rng.pick(["Out of office", "Invoice attached", "Your order", "Help please", "Delivery failure"]),
      content: rng.pick(["I am out of the office until Monday.", "Please see the attached invoice.", "Mail delivery failed: returning message to sender.", "Can someone help me?"]),
      cause,
      cause_id: causeId,
      error_messages: null,
      message_id: `<${rng.hex(16)}@mail.example>`,
      recipient: support,
      brand_id: shape.brandIds[0],
      ticket_id: ticketId,
      attachments: [],
      via: { channel: "email", source: { from: { address: author.email, name: author.name }, to: { address: support, name: shape.subdomain }, rel: null } },
      created_at: toIso(created),
      updated_at: toIso(created),
    });
  }
  return out;
}

// ---- dynamic content -----------------------------------------------------------------------

const LOCALES: [id: number, text: (name: string) => string][] = [
  [1, (n) => `Hello, this is the ${n} text.`],
  [8, (n) => `Hallo, dies ist der Text ${n}.`],
  [16, (n) => `Bonjour, voici le texte ${n}.`],
];
const DC_NAMES = ["greeting", "signature", "closing", "holiday_notice", "refund_policy", "escalation_note", "survey_invite", "out_of_hours"];

function generateDynamicContent(shape: AccountShape): JsonObject[] {
  return DC_NAMES.map((name, i) => {
    const rng = Rng.for(shape.seed, "dynamicContent", i);
    const id = ID_BASE.dynamicContent + i * 1000 + rng.int(0, 997);
    const times = configTimes(shape, "dynamicContent", i);
    const url = `${apiBase(shape)}/dynamic_content/items/${id}.json`;
    const variants = LOCALES.slice(0, rng.int(1, LOCALES.length)).map(([locale, text], k) => {
      const vid = ID_BASE.variant + i * 1000 + k;
      return {
        url: `${apiBase(shape)}/dynamic_content/items/${id}/variants/${vid}.json`,
        id: vid,
        content: text(name.replace(/_/g, " ")),
        locale_id: locale,
        outdated: k > 0 && rng.bool(0.3),
        active: true,
        default: k === 0,
        created_at: times.created_at,
        updated_at: times.updated_at,
      };
    });
    return {
      url,
      id,
      name,
      placeholder: `{{dc.${name}}}`,
      default_locale_id: 1,
      outdated: variants.some((v) => v.outdated),
      created_at: times.created_at,
      updated_at: times.updated_at,
      variants,
    };
  });
}

// ---- support addresses ---------------------------------------------------------------------

function generateSupportAddresses(shape: AccountShape): JsonObject[] {
  const zendesk = (local: string) => `${local}@${shape.subdomain}.zendesk.com`;
  const rows: [email: string, name: string, isDefault: boolean, external: boolean][] = [
    [zendesk("support"), "Support", true, false],
    [zendesk("billing"), "Billing", false, false],
    [`help@${shape.subdomain}-example.com`, "Help (forwarded)", false, true],
  ];
  return rows.map(([email, name, isDefault, external], i) => {
    const id = ID_BASE.address + i * 1000 + Rng.for(shape.seed, "address", i).int(0, 997);
    return {
      url: `${apiBase(shape)}/recipient_addresses/${id}.json`,
      id,
      brand_id: shape.brandIds[0],
      email,
      name,
      default: isDefault,
      forwarding_status: external ? "verified" : "unknown",
      spf_status: external ? "verified" : "unknown",
      cname_status: external ? "verified" : "unknown",
      domain_verification_status: external ? "verified" : "unknown",
      dns_results: null,
      ...configTimes(shape, "supportAddress", i),
    };
  });
}

// ---- deleted users ---------------------------------------------------------------------------

const DELETED_USER_FIELDS = [
  "id", "url", "name", "email", "created_at", "updated_at", "time_zone", "phone", "shared_phone_number", "photo",
  "locale_id", "locale", "organization_id", "role", "active",
];

/** A deleted user as `/deleted_users` lists it (contact data already scrubbed by the deletion). */
export function deletedUserRecord(user: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of DELETED_USER_FIELDS) out[k] = k in user ? clone(user[k]) : null;
  out.url = typeof user.url === "string" ? user.url.replace(/\/users\//, "/deleted_users/") : null;
  return out;
}

// ---- the per-simulator store -------------------------------------------------------------------

export class AccountExtensions {
  private readonly lists = new Map<EditableList, Map<number, JsonObject>>();
  private created = 0;
  readonly customObjects: CustomObjects;
  private routingLogs?: RoutingLogs;

  constructor(private readonly account: Account, private readonly now: () => number) {
    const s = account.shape;
    this.lists.set("custom_statuses", new Map(generateCustomStatuses(s).map((r) => [r.id as number, r])));
    this.lists.set("suspended_tickets", new Map(generateSuspendedTickets(s).map((r) => [r.id as number, r])));
    this.lists.set("dynamic_content_items", new Map(generateDynamicContent(s).map((r) => [r.id as number, r])));
    this.lists.set("support_addresses", new Map(generateSupportAddresses(s).map((r) => [r.id as number, r])));
    const organizationIds = [...account.organizations.byId.keys()].slice(0, 5000);
    this.customObjects = new CustomObjects(s, organizationIds, now);
  }

  /** The routing logs (attributes come from the configuration store, created on first use). */
  get routing(): RoutingLogs {
    return (this.routingLogs ??= new RoutingLogs(this.account.shape, this.account.config, this.now));
  }

  list(name: EditableList): JsonObject[] {
    return [...this.lists.get(name)!.values()];
  }
  get(name: EditableList, id: number): JsonObject | undefined {
    return this.lists.get(name)!.get(id);
  }

  /** Creates a record now; `fields` override a copy of the list's first record. */
  create(name: EditableList, fields: JsonObject = {}): JsonObject {
    const list = this.lists.get(name)!;
    const template = list.values().next().value ?? {};
    const id = Math.max(0, ...list.keys()) + 1000 + ++this.created;
    const now = toIso(this.now());
    const r: JsonObject = { ...clone(template), ...(name === "custom_statuses" ? { default: false } : {}), ...clone(fields), id, created_at: now, updated_at: now };
    if (typeof r.url === "string") r.url = r.url.replace(/\/\d+(\.json)?$/, `/${id}$1`);
    list.set(id, r);
    return clone(r);
  }

  /** An edit: fields change, `updated_at` moves to now. */
  update(name: EditableList, id: number, patch: JsonObject = {}): JsonObject {
    const current = this.require(name, id);
    const r: JsonObject = { ...current, ...clone(patch), id, updated_at: toIso(this.now()) };
    this.lists.get(name)!.set(id, r);
    return clone(r);
  }

  /** Removal: a recovered or deleted suspended ticket, a deleted item or address, leaves its list. */
  delete(name: EditableList, id: number): void {
    this.require(name, id);
    if (name === "custom_statuses") throw new RangeError("custom statuses cannot be deleted; deactivate them (active: false)");
    this.lists.get(name)!.delete(id);
  }

  private require(name: EditableList, id: number): JsonObject {
    const r = this.get(name, id);
    if (!r) throw new RangeError(`${name} ${id} not found`);
    return r;
  }
}

/** What the extensions read of a simulator: its account (where they are kept) and clock. */
export interface ExtensionsOwner {
  account: Account;
  clock: SimClock;
}

export function extensionsFor(sim: ExtensionsOwner): AccountExtensions {
  return sim.account.slots.get(extensionsFor, () => new AccountExtensions(sim.account, () => sim.clock.nowSeconds()));
}

/** Deleted users, by id: every user whose `active` is false. */
export function deletedUsers(account: Account): JsonObject[] {
  return [...account.users.byId.values()].filter((u) => u.active === false).map(deletedUserRecord).sort(byId);
}

const byTimeThenId = (a: JsonObject, b: JsonObject) =>
  String(a.time) < String(b.time) ? -1 : String(a.time) > String(b.time) ? 1 : String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : String(a.type).localeCompare(String(b.type));

export function extensionGroundTruth(sim: ExtensionsOwner & { horizon(): number }, stream: ExtensionStream): JsonObject[] {
  const e = extensionsFor(sim);
  const horizon = sim.horizon();
  switch (stream) {
    case "custom_statuses":
    case "suspended_tickets":
    case "dynamic_content_items":
    case "support_addresses":
      return clone(e.list(stream).sort(byId));
    case "deleted_users":
      return deletedUsers(sim.account);
    case "custom_objects":
      return clone(e.customObjects.listObjects());
    case "custom_object_fields":
      // the connector adds the object's key to each field (the API's field records do not carry it)
      return e.customObjects.listObjects().flatMap((o) => e.customObjects.fieldsOf(o.key as string).map((f) => ({ ...clone(f), custom_object_key: o.key }))).sort(byId);
    case "custom_object_records":
      return e.customObjects
        .listObjects()
        .flatMap((o) => e.customObjects.recordsOf(o.key as string).filter((r) => r.updated < horizon).map((r) => clone(r.record)))
        .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
    case "routing_attributes":
    case "routing_attribute_values":
    case "routing_instance_values": {
      const log = stream === "routing_attributes" ? "attributes" : stream === "routing_attribute_values" ? "attribute_values" : "instance_values";
      return clone(e.routing.events(log).filter((ev) => ev.at < horizon).map((ev) => ev.record)).sort(byTimeThenId);
    }
  }
}
