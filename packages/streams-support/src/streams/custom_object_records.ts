/**
 * custom_object_records: every custom object's records through its cursor-based incremental export
 * (`incremental/custom_objects/{key}/cursor`, an incremental export: 10 requests a minute). One
 * partition per object, `{custom_object_key}`, each with its own `updated_at` cursor in the
 * per-partition state layout (unix seconds), so a new object starts from start_date while the
 * others resume where they were. Memory stays flat: every export page (≤1000 records) is emitted
 * with a checkpoint as soon as it is read. The export orders records by (updated_at, id), so a
 * cursor at the page's newest second loses nothing (that second is read again, `>=`).
 *
 * The export's last page says `meta.has_more: false` and may still carry an `after_url`; it has
 * no `end_of_stream`, so the walk stops on `has_more`. Deleted records come too, their values
 * replaced with "[DELETED]".
 */
import { type Paginator, PartitionedState, type Stream, toJsonSchema, toUnixSeconds } from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { exportCursorPaginator } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { exportStartTime, startSeconds } from "../common/start.js";
import { customObjectRecordSchema } from "../schemas/custom-objects.js";
import { CUSTOM_OBJECTS_REQUIREMENT, listCustomObjects, objectGone, planPerObject, skippedObject } from "./custom_objects.js";

const NAME = "custom_object_records";

/** Family EC, stopping on `meta.has_more: false` (the custom-object export's end marker). */
function recordExportPaginator(): Paginator {
  const cursor = exportCursorPaginator();
  return {
    first: cursor.first,
    next: (response, body, records) => (body?.meta?.has_more === false ? undefined : cursor.next(response, body, records)),
  };
}

export const customObjectRecords: Stream = {
  spec: {
    name: NAME,
    jsonSchema: toJsonSchema(customObjectRecordSchema),
    primaryKey: [["id"]],
    cursorField: ["updated_at"],
    parents: ["custom_objects"],
  },
  rateClass: () => RATE_CLASS.incremental,
  plan: (ctx) => planPerObject(ctx, NAME, "incremental/custom_objects/{key}/cursor", "/api/v2/incremental/custom_objects/{key}/cursor"),
  async *read(ctx) {
    const state = new PartitionedState({ cursorField: "updated_at", format: "unix", parentStream: "custom_objects" }, ctx.state);
    const start = startSeconds(ctx);
    const rules = [planGated(NAME, `${CUSTOM_OBJECTS_REQUIREMENT} and an admin, or an agent allowed to read custom objects`), objectGone];
    for (const object of await listCustomObjects(ctx, NAME)) {
      const key = String(object.key);
      const partition = { custom_object_key: key };
      const since = Math.max(start, state.cursorFor(partition) ?? start);
      const url = apiUrl(ctx, `incremental/custom_objects/${encodeURIComponent(key)}/cursor`, { start_time: exportStartTime(since, ctx) });
      try {
        for await (const page of walkPages(ctx, { url, paginator: recordExportPaginator(), records: recordsAt("custom_object_records"), rules, label: NAME })) {
          let max: number | undefined;
          for (const record of page.records) {
            const at = toUnixSeconds(record.updated_at);
            if (at !== undefined && (max === undefined || at > max)) max = at;
          }
          state.finish(partition, max);
          yield { records: page.records, checkpoint: state.toState() };
        }
      } catch (error) {
        if (!skippedObject(error, ctx, NAME)) throw error;
      }
    }
  },
};
