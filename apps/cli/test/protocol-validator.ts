import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/** Path into the shared reference data beside the repository (`../shared/reference`). */
export function referencePath(...parts: string[]): string {
  const fromEnv = process.env.CALABI_SHARED_DIR;
  if (fromEnv) return join(fromEnv, "reference", ...parts);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("repository root not found");
    dir = parent;
  }
  return resolve(dir, "..", "shared", "reference", ...parts);
}

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
