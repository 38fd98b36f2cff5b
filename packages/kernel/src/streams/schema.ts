import { z } from "zod";
import type { JsonSchema } from "../contracts/stream.js";

export type SchemaSource = z.ZodType | JsonSchema;

export function isZodSchema(schema: SchemaSource): schema is z.ZodType {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

/** The JSON Schema `discover` shows for a stream (draft-07, as Airbyte expects). */
export function toJsonSchema(schema: SchemaSource): JsonSchema {
  if (!isZodSchema(schema)) return schema;
  return z.toJSONSchema(schema, { target: "draft-7", io: "input", unrepresentable: "any" }) as JsonSchema;
}
