import { readFileSync } from "node:fs";
import { referencePath } from "@calabi/fixtures";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/** Validates messages against the Airbyte protocol schema (copied from the kernel's test helper). */
export function createProtocolValidator() {
  const schema = parse(readFileSync(referencePath("airbyte-protocol", "airbyte_protocol.yaml"), "utf8"));
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema(schema, "protocol");
  const validateMessage = ajv.getSchema("protocol#/definitions/AirbyteMessage")!;
  return {
    message(value: unknown): string[] {
      return validateMessage(value) ? [] : (validateMessage.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}
