/**
 * Custom objects (Zendesk's own data-model extension): the objects, their fields and their records,
 * generated from the account shape. Record lookup fields point at real users, organizations and
 * tickets of the account. Records are held by id (ULID strings); edits replace them and move
 * `updated_at` to now. A deleted record stays in the incremental export with its values replaced by
 * "[DELETED]" (unless the request asks `filter[exclude_deleted]=true`), as the API documents.
 */
import { toIso } from "../util/clock.js";
import { Rng } from "../util/prng.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import { ulid } from "./configuration/common.js";
import { apiBase, DAY, type AccountShape } from "./shape.js";
import { laterSecond } from "./time.js";
import { userCount, userId } from "./users.js";
import type { Json, JsonObject } from "../core/types.js";

export const DELETED = "[DELETED]";
const FIELD_ID_BASE = 8_400_000_000_000;
/** Records are held in memory (they are few next to tickets): at most this many per object are generated. */
const MAX_RECORDS = 20_000;

type FieldType = "text" | "dropdown" | "date" | "decimal" | "integer" | "lookup" | "checkbox";
interface FieldDef {
  key: string;
  title: string;
  type: FieldType;
  /** dropdown values */
  options?: string[];
  /** lookup target */
  target?: "zen:user" | "zen:ticket" | "zen:organization";
}
interface ObjectDef {
  key: string;
  title: string;
  plural: string;
  description: string;
  fields: FieldDef[];
  /** How many records the object has on an account of this shape. */
  count(shape: AccountShape): number;
}

const OBJECTS: ObjectDef[] = [
  {
    key: "device",
    title: "Device",
    plural: "Devices",
    description: "Hardware shipped to customers",
    fields: [
      { key: "serial_number", title: "Serial number", type: "text" },
      { key: "model", title: "Model", type: "dropdown", options: ["model_s1", "model_s2", "model_pro"] },
      { key: "purchased_on", title: "Purchased on", type: "date" },
      { key: "owner", title: "Owner", type: "lookup", target: "zen:user" },
      { key: "last_ticket", title: "Last ticket", type: "lookup", target: "zen:ticket" },
    ],
    count: (s) => Math.min(MAX_RECORDS, Math.max(10, Math.ceil(s.counts.tickets / 5))),
  },
  {
    key: "contract",
    title: "Contract",
    plural: "Contracts",
    description: "Support contracts of customer organizations",
    fields: [
      { key: "account", title: "Account", type: "lookup", target: "zen:organization" },
      { key: "annual_value", title: "Annual value", type: "decimal" },
      { key: "seats", title: "Seats", type: "integer" },
      { key: "renews_on", title: "Renews on", type: "date" },
      { key: "auto_renew", title: "Auto-renew", type: "checkbox" },
    ],
    count: (s) => Math.min(MAX_RECORDS, Math.max(5, s.counts.organizations)),
  },
  {
    key: "shipment",
    title: "Shipment",
    plural: "Shipments",
    description: "Replacement parts sent for a ticket",
    fields: [
      { key: "tracking_number", title: "Tracking number", type: "text" },
      { key: "carrier", title: "Carrier", type: "dropdown", options: ["ups", "dhl", "fedex"] },
      { key: "ticket", title: "Ticket", type: "lookup", target: "zen:ticket" },
      { key: "recipient", title: "Recipient", type: "lookup", target: "zen:user" },
    ],
    count: (s) => Math.min(MAX_RECORDS, Math.max(5, Math.ceil(s.counts.tickets / 10))),
  },
];

/** Times of generated item `index` of `label`: created in the history window, sometimes edited later. */
function timesOf(shape: AccountShape, label: string, index: number, from = shape.historyStart): { created: number; updated: number } {
  const rng = Rng.for(shape.seed, `custom:${label}:times`, index);
  const created = rng.int(from, shape.historyEnd - DAY);
  return { created, updated: laterSecond(rng, created, 90 * DAY, shape.historyEnd, 0.5) };
}

/** An agent's id as the custom-object API writes user ids: a string. */
const agentId = (shape: AccountShape, rng: Rng) => String(userId(shape, rng.int(0, shape.counts.agents - 1)));

function objectRecord(shape: AccountShape, def: ObjectDef, i: number): JsonObject {
  const t = timesOf(shape, "object", i, shape.historyStart - 30 * DAY);
  const rng = Rng.for(shape.seed, "custom:object", i);
  return {
    url: `${apiBase(shape)}/custom_objects/${def.key}`,
    key: def.key,
    title: def.title,
    raw_title: def.title,
    title_pluralized: def.plural,
    raw_title_pluralized: def.plural,
    description: def.description,
    raw_description: def.description,
    include_in_list_view: true,
    allows_photos: false,
    allows_attachments: i !== 1,
    created_by_user_id: agentId(shape, rng),
    updated_by_user_id: agentId(shape, rng),
    created_at: toIso(t.created),
    updated_at: toIso(t.updated),
  };
}

function fieldRecords(shape: AccountShape, def: ObjectDef, objectIndex: number, createdAt: string): JsonObject[] {
  const field = (k: number, key: string, title: string, type: string, extra: JsonObject = {}): JsonObject => {
    const id = FIELD_ID_BASE + objectIndex * 100_000 + k * 100 + (Rng.for(shape.seed, "custom:field", objectIndex * 100 + k).int(0, 99));
    return {
      url: `${apiBase(shape)}/custom_objects/${def.key}/fields/${id}`,
      id,
      key,
      type,
      title,
      raw_title: title,
      description: title,
      raw_description: title,
      position: k,
      active: true,
      required: key === "standard::name",
      system: false,
      regexp_for_validation: null,
      created_at: createdAt,
      updated_at: createdAt,
      ...extra,
    };
  };
  const out = [field(0, "standard::name", "Name", "text"), field(1, "standard::external_id", "External ID", "text")];
  def.fields.forEach((f, k) => {
    const extra: JsonObject = {};
    if (f.type === "dropdown") extra.custom_field_options = (f.options ?? []).map((value, n) => ({ id: FIELD_ID_BASE + objectIndex * 100_000 + 90_000 + k * 10 + n, name: value, raw_name: value, value }));
    if (f.type === "lookup") {
      extra.relationship_target_type = f.target!;
      extra.relationship_filter = {};
    }
    out.push(field(k + 2, f.key, f.title, f.type, extra));
  });
  return out;
}

/** The value of `field` on a generated record (lookups point at real records of the account). */
function fieldValue(shape: AccountShape, f: FieldDef, rng: Rng, created: number): Json {
  switch (f.type) {
    case "text":
      return rng.bool(0.9) ? rng.hex(10).toUpperCase() : null;
    case "dropdown":
      return rng.pick(f.options ?? [null as never]);
    case "date":
      return toIso(created + rng.int(-400, 400) * DAY).slice(0, 10);
    case "decimal":
      return String(rng.int(100, 100_000) / 100);
    case "integer":
      return String(rng.int(1, 500));
    case "checkbox":
      return rng.bool(0.6);
    case "lookup":
      if (f.target === "zen:ticket") return shape.counts.tickets > 0 ? String(rng.int(1, shape.counts.tickets)) : null;
      if (f.target === "zen:organization") return null; // filled by the caller (needs the organization ids)
      return String(userId(shape, rng.int(0, userCount(shape) - 1)));
  }
}

/** A record as the incremental export shows a deleted one. */
export function deletedForm(r: JsonObject): JsonObject {
  const fields = Object.fromEntries(Object.keys(r.custom_object_fields as JsonObject).map((k) => [k, DELETED]));
  return { ...r, name: DELETED, external_id: DELETED, custom_object_fields: fields };
}

export interface CustomObjectRecord {
  record: JsonObject;
  /** unix seconds of `updated_at` (the export's order) */
  updated: number;
  deleted: boolean;
}

export class CustomObjects {
  private readonly objects = new Map<string, JsonObject>();
  private readonly fields = new Map<string, JsonObject[]>();
  private readonly records = new Map<string, Map<string, CustomObjectRecord>>();
  private created = 0;
  private readonly sorted = new Map<string, { version: number; records: CustomObjectRecord[] }>();
  /** Bumped on every record write (export pages cache their sorted order per version). */
  version = 0;

  constructor(private readonly shape: AccountShape, organizationIds: number[], private readonly now: () => number) {
    OBJECTS.forEach((def, i) => {
      const object = objectRecord(shape, def, i);
      this.objects.set(def.key, object);
      this.fields.set(def.key, fieldRecords(shape, def, i, object.created_at as string));
      const records = new Map<string, CustomObjectRecord>();
      const n = def.count(shape);
      for (let k = 0; k < n; k++) {
        const t = timesOf(shape, `record:${def.key}`, k, Date.parse(object.created_at as string) / 1000);
        const rng = Rng.for(shape.seed, `custom:record:${def.key}`, k);
        const id = ulid(shape.seed, `record:${def.key}`, k);
        const values: JsonObject = {};
        for (const f of def.fields) {
          values[f.key] = f.target === "zen:organization" ? (organizationIds.length ? String(rng.pick(organizationIds)) : null) : fieldValue(shape, f, rng, t.created);
        }
        const author = agentId(shape, rng);
        const record: JsonObject = {
          url: `${apiBase(shape)}/custom_objects/${def.key}/records/${id}`,
          id,
          custom_object_key: def.key,
          name: `${def.title} ${String(k + 1).padStart(5, "0")}`,
          external_id: rng.bool(0.5) ? `${def.key}-${k + 1}` : null,
          custom_object_fields: values,
          created_by_user_id: author,
          updated_by_user_id: t.updated > t.created ? agentId(shape, rng) : author,
          created_at: toIso(t.created),
          updated_at: toIso(t.updated),
        };
        // a few records were deleted (always one, so every account shows the "[DELETED]" form)
        const deleted = k === 2 || rng.bool(0.03);
        records.set(id, { record: deleted ? deletedForm(record) : record, updated: t.updated, deleted });
      }
      this.records.set(def.key, records);
    });
  }

  /** Undeleted objects, by key. */
  listObjects(): JsonObject[] {
    return [...this.objects.values()].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  }
  object(key: string): JsonObject | undefined {
    return this.objects.get(key);
  }
  fieldsOf(key: string): JsonObject[] {
    return this.fields.get(key) ?? [];
  }

  /** Every record of an object (deleted ones in their "[DELETED]" form), in export order: (updated_at, id); sorted once per version. */
  recordsOf(key: string): CustomObjectRecord[] {
    const cached = this.sorted.get(key);
    if (cached && cached.version === this.version) return cached.records;
    const records = [...(this.records.get(key)?.values() ?? [])].sort((a, b) => a.updated - b.updated || (String(a.record.id) < String(b.record.id) ? -1 : 1));
    this.sorted.set(key, { version: this.version, records });
    return records;
  }

  /** Position of the first record after (ts, id) in `recordsOf(key)` (binary search), or at/after `ts` when `id` is undefined. */
  seek(key: string, ts: number, id?: string): number {
    const records = this.recordsOf(key);
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = records[mid];
      const before = id === undefined ? r.updated < ts : r.updated < ts || (r.updated === ts && String(r.record.id) <= id);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- mutations (updated_at moves to now) -----------------------------------------

  createRecord(key: string, fields: JsonObject = {}): JsonObject {
    const records = this.requireRecords(key);
    const template = records.values().next().value?.record ?? { custom_object_fields: {} };
    const now = this.now();
    const id = ulid(this.shape.seed, `created:${key}`, ++this.created);
    const record: JsonObject = {
      ...structuredClone(template),
      name: `${this.objects.get(key)!.title} new ${this.created}`,
      external_id: null,
      ...structuredClone(fields),
      id,
      url: `${apiBase(this.shape)}/custom_objects/${key}/records/${id}`,
      custom_object_key: key,
      created_at: toIso(now),
      updated_at: toIso(now),
    };
    records.set(id, { record, updated: now, deleted: false });
    this.version++;
    return structuredClone(record);
  }

  updateRecord(key: string, id: string, patch: JsonObject = {}): JsonObject {
    const current = this.requireRecord(key, id);
    if (current.deleted) throw new ConflictError(`custom object record ${id} is deleted`);
    const now = this.now();
    const fields = patch.custom_object_fields && typeof patch.custom_object_fields === "object" ? { ...(current.record.custom_object_fields as JsonObject), ...(patch.custom_object_fields as JsonObject) } : current.record.custom_object_fields;
    const record: JsonObject = { ...current.record, ...structuredClone(patch), custom_object_fields: structuredClone(fields), id, custom_object_key: key, updated_at: toIso(now) };
    this.records.get(key)!.set(id, { record, updated: now, deleted: false });
    this.version++;
    return structuredClone(record);
  }

  /** Deletion: the export keeps showing the record, values "[DELETED]", `updated_at` = the deletion. */
  deleteRecord(key: string, id: string): JsonObject {
    const current = this.requireRecord(key, id);
    if (current.deleted) return structuredClone(current.record);
    const now = this.now();
    const record = { ...deletedForm(current.record), updated_at: toIso(now) };
    this.records.get(key)!.set(id, { record, updated: now, deleted: true });
    this.version++;
    return structuredClone(record);
  }

  private requireRecords(key: string): Map<string, CustomObjectRecord> {
    const records = this.records.get(key);
    if (!records) throw new NotFoundError("custom_objects", key);
    return records;
  }
  private requireRecord(key: string, id: string): CustomObjectRecord {
    const r = this.requireRecords(key).get(id);
    if (!r) throw new NotFoundError(key, id);
    return r;
  }
}

