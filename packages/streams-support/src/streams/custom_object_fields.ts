/**
 * custom_object_fields: the fields of every custom object (`custom_objects/{key}/fields`, cursor
 * pagination, standard fields included), each tagged with its object's `custom_object_key` (the
 * API's field records leave the object implied). Full refresh.
 */
import { type Stream, toJsonSchema } from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { linksPaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { customObjectFieldSchema } from "../schemas/custom-objects.js";
import { CUSTOM_OBJECTS_REQUIREMENT, listCustomObjects, objectGone, planPerObject, skippedObject } from "./custom_objects.js";

const NAME = "custom_object_fields";

export const customObjectFields: Stream = {
  spec: { name: NAME, jsonSchema: toJsonSchema(customObjectFieldSchema), primaryKey: [["id"]], parents: ["custom_objects"] },
  rateClass: () => RATE_CLASS.account,
  plan: (ctx) => planPerObject(ctx, NAME, "custom_objects/{key}/fields", "/api/v2/custom_objects/{key}/fields"),
  async *read(ctx) {
    for (const object of await listCustomObjects(ctx, NAME)) {
      const key = String(object.key);
      const url = apiUrl(ctx, `custom_objects/${encodeURIComponent(key)}/fields`, { include_standard_fields: "true" });
      const rules = [planGated(NAME, CUSTOM_OBJECTS_REQUIREMENT), objectGone];
      try {
        for await (const page of walkPages(ctx, { url, paginator: linksPaginator({ pageSize: 100 }), records: recordsAt("custom_object_fields"), rules, label: NAME })) {
          yield { records: page.records.map((field) => ({ ...field, custom_object_key: key })) };
        }
      } catch (error) {
        if (!skippedObject(error, ctx, NAME)) throw error;
      }
    }
  },
};
