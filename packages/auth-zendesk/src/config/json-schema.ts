/** The config's JSON Schema (draft-07), shaped like Airbyte's `connectionSpecification`. */
import { z } from "zod";
import { zendeskConfigSchema } from "./schema.js";

type JsonObject = Record<string, unknown>;

/**
 * Generates the draft-07 JSON Schema of the config from the zod schema, then applies the
 * Airbyte conventions zod does not express: `type` beside `oneOf`, open objects are
 * `additionalProperties: true`, and a credential variant's `required` list does not name its
 * `credentials` discriminator.
 */
export function configJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(zendeskConfigSchema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "any",
  }) as JsonObject;
  normalise(schema);
  return schema;
}

function normalise(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(normalise);
    return;
  }
  if (!node || typeof node !== "object") return;
  const obj = node as JsonObject;
  if (obj.type === "object" && obj.additionalProperties !== undefined && isEmptyObject(obj.additionalProperties)) {
    obj.additionalProperties = true;
  }
  // A union of objects is itself an object (Airbyte's UI reads `type` next to `oneOf`).
  if (Array.isArray(obj.oneOf) && obj.type === undefined && obj.oneOf.every((v) => (v as JsonObject)?.type === "object")) {
    obj.type = "object";
  }
  // z.int() bounds itself to safe integers; an unbounded field should stay unbounded.
  if (obj.maximum === Number.MAX_SAFE_INTEGER) delete obj.maximum;
  if (obj.minimum === Number.MIN_SAFE_INTEGER) delete obj.minimum;
  const props = obj.properties as JsonObject | undefined;
  const discriminator = props?.credentials as JsonObject | undefined;
  if (discriminator && typeof discriminator.const === "string" && Array.isArray(obj.required)) {
    obj.required = (obj.required as string[]).filter((name) => name !== "credentials");
  }
  for (const value of Object.values(obj)) normalise(value);
}

function isEmptyObject(value: unknown): boolean {
  return !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}
