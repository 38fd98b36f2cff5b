import { defineRestStream, type ReadContext, singleRequest, type StreamRecord } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { customObjectSchema } from "../schemas/custom-objects.js";

/** Custom objects need Suite Team or above (or Support Enterprise): refused plans skip. */
export const CUSTOM_OBJECTS_REQUIREMENT = "custom objects (Suite Team or above, or Support Enterprise)";

/** Every undeleted custom object, in one response. Full refresh: the definitions are few and small. */
export const customObjects = defineRestStream({
  name: "custom_objects",
  path: "custom_objects",
  paginator: () => singleRequest(),
  records: "custom_objects",
  primaryKey: "key",
  schema: customObjectSchema,
  rules: [planGated("custom_objects", CUSTOM_OBJECTS_REQUIREMENT)],
  start: (ctx) => startSeconds(ctx),
});

/** The objects the per-object streams walk (every one, whatever start_date says), with the caller's gate. */
export async function listCustomObjects(ctx: ReadContext, stream: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  const walk = { url: apiUrl(ctx, "custom_objects"), paginator: singleRequest(), records: recordsAt("custom_objects"), rules: [planGated(stream, CUSTOM_OBJECTS_REQUIREMENT)], label: stream };
  for await (const page of walkPages(ctx, walk)) out.push(...page.records);
  return out;
}
