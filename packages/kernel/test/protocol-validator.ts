import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { referencePath } from "@calabi/fixtures";

/** Validates messages against the Airbyte protocol schema (fixtures/reference/airbyte-protocol). */
export function createProtocolValidator() {
  const schema = parse(readFileSync(referencePath("airbyte-protocol", "airbyte_protocol.yaml"), "utf8"));
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema(schema, "protocol");
  const validateMessage = ajv.getSchema("protocol#/definitions/AirbyteMessage")!;
  const validateConfiguredCatalog = ajv.getSchema("protocol#/definitions/ConfiguredAirbyteCatalog")!;
  return {
    message(value: unknown): string[] {
      return validateMessage(value) ? [] : (validateMessage.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
    configuredCatalog(value: unknown): string[] {
      return validateConfiguredCatalog(value)
        ? []
        : (validateConfiguredCatalog.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}
