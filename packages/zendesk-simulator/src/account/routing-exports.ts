/**
 * Skills-based routing change logs, as the incremental routing exports serve them
 * (`/incremental/routing/attributes|attribute_values|instance_values`): one event per create,
 * update or delete of an attribute or attribute value, and per (un)association of a value with an
 * agent or a ticket. Attributes live in the configuration store (`account_attributes`); their events
 * are reconciled from it on every read, so an edit made through any path shows up: a new id gives a
 * `create`, a moved `updated_at` an `update`, a vanished id a `delete` (at the time it is noticed).
 * Attribute values and instance values live here, with their own mutations. A deletion made on the
 * configuration store directly is stamped when first noticed; `deleteAttribute` stamps it at once.
 */
import { fromIso, toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import type { ConfigStore } from "./configuration/store.js";
import { ulid } from "./configuration/common.js";
import { DAY, type AccountShape } from "./shape.js";
import { userId } from "./users.js";
import type { JsonObject } from "../core/types.js";

export type RoutingLog = "attributes" | "attribute_values" | "instance_values";
export const ROUTING_LOGS: readonly RoutingLog[] = ["attributes", "attribute_values", "instance_values"];

export interface RoutingEvent {
  /** unix seconds of `time` */
  at: number;
  /** insertion order: ties on `at` keep it */
  seq: number;
  record: JsonObject;
}

const VALUE_NAMES: Record<string, string[]> = {
  Language: ["English", "German", "Spanish", "Japanese"],
  Quality: ["Standard", "Premium"],
  "Product expertise": ["Dashboard", "Mobile", "API", "Billing"],
  Region: ["EMEA", "AMER", "APAC"],
  Tier: ["Tier 1", "Tier 2", "Tier 3"],
};

interface ValueState {
  id: string;
  attribute_id: string;
  name: string;
  deleted: boolean;
}

export class RoutingLogs {
  private readonly logs: Record<RoutingLog, RoutingEvent[]> = { attributes: [], attribute_values: [], instance_values: [] };
  private readonly seenAttributes = new Map<string, string>();
  private readonly values = new Map<string, ValueState>();
  private readonly instances = new Map<string, { id: string; attribute_value_id: string; instance_id: string; kind: "agent" | "ticket"; associated: boolean }>();
  private seq = 0;
  private made = 0;

  constructor(private readonly shape: AccountShape, private readonly config: ConfigStore, private readonly now: () => number) {
    this.reconcileAttributes();
    const events: [number, RoutingLog, JsonObject][] = [];
    for (const attribute of config.list("account_attributes")) {
      const names = VALUE_NAMES[attribute.name as string] ?? ["Default"];
      const base = fromIso(attribute.created_at as string);
      names.forEach((name, k) => {
        const id = ulid(shape.seed, `routingValue:${attribute.id}`, k);
        const at = Math.min(shape.historyEnd, base + 60 * (k + 1));
        this.values.set(id, { id, attribute_id: attribute.id as string, name, deleted: false });
        events.push([at, "attribute_values", { attribute_id: attribute.id, id, name, time: toIso(at), type: "create" }]);
      });
    }
    // Agents get skills; some tickets carry required skills (associated when created, a few dropped later).
    const valueIds = [...this.values.keys()];
    for (let a = 0; a < shape.counts.agents && valueIds.length; a++) {
      const rng = Rng.for(shape.seed, "routing:agent", a);
      for (const valueId of rng.sample(valueIds, rng.int(1, Math.min(3, valueIds.length)))) {
        const at = rng.int(shape.historyStart, shape.historyEnd);
        const id = ulid(shape.seed, "routingInstance:agent", this.made++);
        this.instances.set(id, { id, attribute_value_id: valueId, instance_id: String(userId(shape, a)), kind: "agent", associated: true });
        events.push([at, "instance_values", { attribute_value_id: valueId, id, instance_id: String(userId(shape, a)), time: toIso(at), type: "associate_agent" }]);
        if (rng.bool(0.1)) {
          const later = Math.min(shape.historyEnd, at + rng.int(60, 30 * DAY));
          this.instances.get(id)!.associated = false;
          events.push([later, "instance_values", { attribute_value_id: valueId, id, instance_id: String(userId(shape, a)), time: toIso(later), type: "unassociate_agent" }]);
        }
      }
    }
    const tickets = Math.min(shape.counts.tickets, 2000);
    for (let t = 1; t <= tickets && valueIds.length; t++) {
      const rng = Rng.for(shape.seed, "routing:ticket", t);
      if (!rng.bool(0.2)) continue;
      const at = rng.int(shape.historyStart, shape.historyEnd);
      const valueId = rng.pick(valueIds);
      const id = ulid(shape.seed, "routingInstance:ticket", this.made++);
      this.instances.set(id, { id, attribute_value_id: valueId, instance_id: String(t), kind: "ticket", associated: true });
      events.push([at, "instance_values", { attribute_value_id: valueId, id, instance_id: String(t), time: toIso(at), type: "associate_ticket" }]);
    }
    events.sort((x, y) => x[0] - y[0]);
    for (const [at, log, record] of events) this.push(log, at, record);
  }

  private push(log: RoutingLog, at: number, record: JsonObject): void {
    const list = this.logs[log];
    const event = { at, seq: ++this.seq, record };
    // events normally arrive in time order; a past-dated one is inserted in place
    let i = list.length;
    while (i > 0 && list[i - 1].at > at) i--;
    list.splice(i, 0, event);
  }

  /** Brings the attribute events in step with the configuration store. */
  private reconcileAttributes(): void {
    const current = new Map(this.config.list("account_attributes").map((a) => [a.id as string, a]));
    const fresh: [number, JsonObject][] = [];
    for (const [id, a] of current) {
      const seen = this.seenAttributes.get(id);
      const created = fromIso(a.created_at as string);
      const updated = fromIso(a.updated_at as string);
      if (seen === undefined) {
        fresh.push([created, { id, name: a.name, time: toIso(created), type: "create" }]);
        if (updated > created) fresh.push([updated, { id, name: a.name, time: toIso(updated), type: "update" }]);
      } else if (seen !== a.updated_at) {
        fresh.push([updated, { id, name: a.name, time: toIso(updated), type: "update" }]);
      }
      this.seenAttributes.set(id, a.updated_at as string);
    }
    for (const id of [...this.seenAttributes.keys()]) {
      if (current.has(id)) continue;
      const at = this.now();
      const name = this.logs.attributes.findLast((e) => e.record.id === id)?.record.name ?? null;
      fresh.push([at, { id, name, time: toIso(at), type: "delete" }]);
      this.seenAttributes.delete(id);
    }
    fresh.sort((x, y) => x[0] - y[0]);
    for (const [at, record] of fresh) this.push("attributes", at, record);
  }

  /** The events of a log, in export order (time, then arrival). */
  events(log: RoutingLog): RoutingEvent[] {
    if (log === "attributes") this.reconcileAttributes();
    return this.logs[log];
  }

  // ---- mutations (events at now) --------------------------------------------------

  /** Deletes an attribute from the configuration store and logs the deletion now. */
  deleteAttribute(id: string): void {
    this.reconcileAttributes();
    this.config.delete("account_attributes", id);
    this.reconcileAttributes();
  }

  createValue(attributeId: string, name: string): JsonObject {
    if (!this.config.get("account_attributes", attributeId)) throw new RangeError(`no routing attribute ${attributeId}`);
    const id = ulid(this.shape.seed, "routingValue:created", ++this.made);
    this.values.set(id, { id, attribute_id: attributeId, name, deleted: false });
    return this.valueEvent(this.values.get(id)!, "create");
  }
  updateValue(id: string, name: string): JsonObject {
    const v = this.requireValue(id);
    v.name = name;
    return this.valueEvent(v, "update");
  }
  deleteValue(id: string): JsonObject {
    const v = this.requireValue(id);
    v.deleted = true;
    return this.valueEvent(v, "delete");
  }
  /** Associates a value with an agent (user id) or a ticket (ticket id). */
  associate(valueId: string, kind: "agent" | "ticket", instanceId: number): JsonObject {
    this.requireValue(valueId);
    const id = ulid(this.shape.seed, `routingInstance:${kind}:created`, ++this.made);
    this.instances.set(id, { id, attribute_value_id: valueId, instance_id: String(instanceId), kind, associated: true });
    return this.instanceEvent(id, `associate_${kind}`);
  }
  unassociate(id: string): JsonObject {
    const i = this.instances.get(id);
    if (!i || !i.associated) throw new RangeError(`no associated instance value ${id}`);
    i.associated = false;
    return this.instanceEvent(id, `unassociate_${i.kind}`);
  }
  /** Live attribute values (for tests picking one). */
  liveValues(): { id: string; attribute_id: string; name: string }[] {
    return [...this.values.values()].filter((v) => !v.deleted).map(({ id, attribute_id, name }) => ({ id, attribute_id, name }));
  }
  /** Live associations (for tests picking one). */
  liveInstances(): { id: string; attribute_value_id: string; instance_id: string }[] {
    return [...this.instances.values()].filter((i) => i.associated).map(({ id, attribute_value_id, instance_id }) => ({ id, attribute_value_id, instance_id }));
  }

  private valueEvent(v: ValueState, type: string): JsonObject {
    const at = this.now();
    const record = { attribute_id: v.attribute_id, id: v.id, name: v.name, time: toIso(at), type };
    this.push("attribute_values", at, record);
    return structuredClone(record);
  }
  private instanceEvent(id: string, type: string): JsonObject {
    const i = this.instances.get(id)!;
    const at = this.now();
    const record = { attribute_value_id: i.attribute_value_id, id, instance_id: i.instance_id, time: toIso(at), type };
    this.push("instance_values", at, record);
    return structuredClone(record);
  }
  private requireValue(id: string): ValueState {
    const v = this.values.get(id);
    if (!v || v.deleted) throw new RangeError(`no routing attribute value ${id}`);
    return v;
  }
}
