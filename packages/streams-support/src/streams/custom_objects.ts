import { requestPath } from "@calabi/auth-zendesk";
import { type ErrorRule, type PlanContext, type ReadContext, singleRequest, SkipError, type StreamEstimate, type StreamRecord } from "@calabi/kernel";
import { defineZendeskStream } from "@calabi/zendesk-common";
import { planGated } from "../common/plan-gate.js";
import { apiUrl, recordsAt, walkPages } from "../common/pages.js";
import { startSeconds } from "../common/start.js";
import { customObjectSchema } from "../schemas/custom-objects.js";

/** Custom objects need Suite Team or above (or Support Enterprise): refused plans skip. */
export const CUSTOM_OBJECTS_REQUIREMENT = "custom objects (Suite Team or above, or Support Enterprise)";

/** Every undeleted custom object, in one response. Full refresh: the definitions are few and small. */
export const customObjects = defineZendeskStream({
  name: "custom_objects",
  path: "custom_objects",
  paginator: () => singleRequest(),
  records: "custom_objects",
  primaryKey: "key",
  schema: customObjectSchema,
  rules: [planGated("custom_objects", CUSTOM_OBJECTS_REQUIREMENT)],
  start: (ctx) => startSeconds(ctx),
});

/** The per-object streams' estimate: the object list, then `requests(objects)` at `path(key)` (one page per object). */
export async function planPerObject(ctx: PlanContext, stream: string, childPath: string, route: string): Promise<StreamEstimate> {
  const objects = await ctx.once(`custom-objects:${ctx.baseUrl}:${stream}`, () => listCustomObjects(ctx as unknown as ReadContext, stream));
  return {
    route,
    batches: [
      { url: apiUrl(ctx, "custom_objects"), requests: 1 },
      { url: apiUrl(ctx, childPath), requests: objects.length },
    ],
    basis: `one request per custom object (${objects.length}), first page each`,
  };
}

/** The objects the per-object streams walk (every one, whatever start_date says), with the caller's gate. */
export async function listCustomObjects(ctx: ReadContext, stream: string): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  const walk = { url: apiUrl(ctx, "custom_objects"), paginator: singleRequest(), records: recordsAt("custom_objects"), rules: [planGated(stream, CUSTOM_OBJECTS_REQUIREMENT)], label: stream };
  for await (const page of walkPages(ctx, walk)) out.push(...page.records);
  return out;
}

/** A 404 for one object's fields or records: the object was deleted since it was listed; only that object is skipped. */
export const objectGone: ErrorRule = (response) =>
  response.status === 404
    ? { action: "skip", scope: "partition", message: `HTTP 404 for ${requestPath(response)}: the custom object was deleted after it was listed; skipping it` }
    : undefined;

/** True (after a WARN) when `error` is the partition skip of `objectGone`: the caller goes on with the next object. */
export function skippedObject(error: unknown, ctx: ReadContext, stream: string): boolean {
  if (!(error instanceof SkipError) || error.scope !== "partition") return false;
  ctx.logger.warn(`${stream}: ${error.message}`);
  return true;
}
