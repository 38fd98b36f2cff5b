import { defineZendeskStream } from "@calabi/zendesk-common";
import { asObject, nextUrlPaginator, type StreamRecord } from "@calabi/kernel";
import { planGated } from "../common/plan-gate.js";
import { startSeconds } from "../common/start.js";
import { attributeDefinitionSchema } from "../schemas/attribute-definitions.js";

/** `definitions.conditions_all` and `conditions_any` as one list, each record tagged `condition`. */
export function flattenDefinitions(body: any): StreamRecord[] {
  const definitions = body?.definitions ?? {};
  const tagged = (list: unknown, condition: "all" | "any") =>
    Array.isArray(list) ? list.map((d: StreamRecord) => ({ ...d, condition })) : [];
  return [...tagged(definitions.conditions_all, "all"), ...tagged(definitions.conditions_any, "any")];
}

/** Routing condition definitions; no primary key (Airbyte has none). Enterprise-only: refused plans skip. */
export const attributeDefinitions = defineZendeskStream({
  name: "attribute_definitions",
  path: "routing/attributes/definitions",
  // One object, no pagination envelope: a `next_page` is followed should the API ever send one.
  paginator: () => nextUrlPaginator({ first: { per_page: 100 }, nextUrl: (body) => asObject(body).next_page }),
  records: flattenDefinitions,
  primaryKey: [],
  schema: attributeDefinitionSchema,
  rules: [planGated("attribute_definitions", "skills-based routing (an Enterprise plan or the routing add-on) and an admin user")],
  start: (ctx) => startSeconds(ctx),
});
