/**
 * The account's configuration objects, one list per resource, generated from the account shape,
 * plus the mutations tests apply (edits move `updated_at` to the simulator's now, as on a real
 * account) and the ground truth a correct connector must output for each configuration stream.
 */
import { toIso } from "../../util/clock.js";
import type { AccountShape } from "../shape.js";
import type { JsonObject } from "../../core/types.js";
import { generateCustomRoles, generateSchedules } from "./account-settings.js";
import { generateAutomations, generateMacros, generateSlaPolicies, generateTriggers } from "./business-rules.js";
import { recordUrl, ulid } from "./common.js";
import { generateOrganizationFields, generateTicketFields, generateTicketForms, generateUserFields } from "./fields-and-forms.js";
import { generateGroupMemberships, generateOrganizationMemberships } from "./memberships.js";
import { generateAccountAttributes, generateAttributeDefinitions } from "./routing.js";

export const CONFIG_STREAMS = [
  "account_attributes", "attribute_definitions", "automations", "custom_roles", "group_memberships", "macros",
  "organization_fields", "organization_memberships", "schedules", "sla_policies", "ticket_fields", "ticket_forms", "triggers",
  "user_fields",
] as const;
export type ConfigStreamName = (typeof CONFIG_STREAMS)[number];
/** Resources listed as records with an `id` (everything but the definitions object). */
export type ConfigResource = Exclude<ConfigStreamName, "attribute_definitions">;

export const isConfigStream = (name: string): name is ConfigStreamName => (CONFIG_STREAMS as readonly string[]).includes(name);

const GENERATORS: Record<ConfigResource, (shape: AccountShape) => JsonObject[]> = {
  account_attributes: generateAccountAttributes,
  automations: generateAutomations,
  custom_roles: generateCustomRoles,
  group_memberships: generateGroupMemberships,
  macros: generateMacros,
  organization_fields: generateOrganizationFields,
  organization_memberships: generateOrganizationMemberships,
  schedules: generateSchedules,
  sla_policies: generateSlaPolicies,
  ticket_fields: generateTicketFields,
  ticket_forms: generateTicketForms,
  triggers: generateTriggers,
  user_fields: generateUserFields,
};

/** Where each resource's records live under /api/v2 (for `url` fields of created records). */
const URL_RESOURCE: Partial<Record<ConfigResource, string>> = { sla_policies: "slas/policies", account_attributes: "routing/attributes" };
/** Resources whose records carry no `url`. */
const NO_URL = new Set<ConfigResource>(["custom_roles", "schedules"]);

type Id = number | string;
const clone = <T>(v: T): T => structuredClone(v);
const byId = (a: JsonObject, b: JsonObject) => (typeof a.id === "number" ? (a.id as number) - (b.id as number) : String(a.id).localeCompare(String(b.id)));

export class ConfigStore {
  private readonly lists = new Map<ConfigResource, Map<Id, JsonObject>>();
  private definitions: { conditions_all: JsonObject[]; conditions_any: JsonObject[] };
  private created = 0;

  constructor(private readonly shape: AccountShape, private readonly nowSeconds: () => number) {
    for (const [resource, generate] of Object.entries(GENERATORS) as [ConfigResource, (s: AccountShape) => JsonObject[]][]) {
      this.lists.set(resource, new Map(generate(shape).map((r) => [r.id as Id, r])));
    }
    this.definitions = generateAttributeDefinitions(shape);
  }

  /** Current records of a resource, in creation order (handlers sort them per endpoint). */
  list(resource: ConfigResource): JsonObject[] {
    return [...this.lists.get(resource)!.values()];
  }
  get(resource: ConfigResource, id: Id): JsonObject | undefined {
    return this.lists.get(resource)!.get(typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id);
  }
  attributeDefinitions(): { conditions_all: JsonObject[]; conditions_any: JsonObject[] } {
    return this.definitions;
  }

  /** Creates a record now; `fields` override the template (a copy of the resource's first record). */
  create(resource: ConfigResource, fields: JsonObject = {}): JsonObject {
    const list = this.lists.get(resource)!;
    const template = list.values().next().value ?? {};
    const ids = [...list.keys()];
    const n = ++this.created;
    const id: Id = resource === "account_attributes" ? ulid(this.shape.seed, "created", n) : Math.max(0, ...(ids as number[])) + 1000 + n;
    const now = toIso(this.nowSeconds());
    const r: JsonObject = { ...clone(template), ...clone(fields), id, created_at: now, updated_at: now };
    if (!NO_URL.has(resource)) r.url = recordUrl(this.shape, URL_RESOURCE[resource] ?? resource, id);
    list.set(id, r);
    return clone(r);
  }

  /** An edit: fields change, `updated_at` moves to now. */
  update(resource: ConfigResource, id: Id, patch: JsonObject = {}): JsonObject {
    const current = this.require(resource, id);
    const r: JsonObject = { ...current, ...clone(patch), id: current.id, updated_at: toIso(this.nowSeconds()) };
    this.lists.get(resource)!.set(current.id as Id, r);
    return clone(r);
  }

  /** Configuration objects are hard-deleted: they disappear from their list. */
  delete(resource: ConfigResource, id: Id): void {
    const current = this.require(resource, id);
    this.lists.get(resource)!.delete(current.id as Id);
  }

  /** What a correct sync outputs: every record, sorted by id; definitions flattened with `condition`. */
  groundTruth(stream: ConfigStreamName): JsonObject[] {
    if (stream === "attribute_definitions") {
      const d = this.definitions;
      return clone([...d.conditions_all.map((c) => ({ ...c, condition: "all" })), ...d.conditions_any.map((c) => ({ ...c, condition: "any" }))]);
    }
    return clone(this.list(stream).sort(byId));
  }

  private require(resource: ConfigResource, id: Id): JsonObject {
    const r = this.get(resource, id);
    if (!r) throw new ConfigNotFound(resource, id);
    return r;
  }
}

export class ConfigNotFound extends Error {
  constructor(readonly resource: string, readonly id: Id) {
    super(`${resource} ${id} not found`);
  }
}
