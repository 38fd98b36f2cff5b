import { describe, expect, it } from "vitest";
import { reference } from "../__tests__/helpers.js";
import { configJsonSchema } from "./json-schema.js";
import { zendeskSpec } from "./spec.js";

type Json = Record<string, any>;

const variantByConst = (schema: Json): Record<string, Json> =>
  Object.fromEntries((schema.properties.credentials.oneOf as Json[]).map((v) => [v.properties.credentials.const, v]));

describe("configJsonSchema", () => {
  const schema = configJsonSchema() as Json;

  it("is draft-07 and open like Airbyte's", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(true);
    expect(schema.required).toEqual(["subdomain"]);
  });

  it("marks every secret with airbyte_secret", () => {
    const variants = variantByConst(schema);
    for (const field of ["client_id", "client_secret", "refresh_token", "access_token"]) {
      expect(variants.oauth2_refresh!.properties[field].airbyte_secret).toBe(true);
    }
    expect(variants.api_token!.properties.api_token.airbyte_secret).toBe(true);
    expect(variants.api_token!.properties.email.airbyte_secret).toBeUndefined();
    for (const field of ["access_token", "client_id", "client_secret"]) {
      expect(variants["oauth2.0"]!.properties[field].airbyte_secret).toBe(true);
    }
    expect(variants.oauth2_refresh!.properties.token_expiry_date.airbyte_secret).toBeUndefined();
  });

  it("documents this project's defaults and bounds", () => {
    expect(schema.properties.num_workers).toMatchObject({ type: "integer", minimum: 1, maximum: 40, default: 3 });
    expect(schema.properties.page_size).toMatchObject({ type: "integer", minimum: 1, maximum: 1000 });
    expect(schema.properties.page_size.default).toBeUndefined();
    expect(schema.properties.ticket_search_lookback_days).toMatchObject({ type: "integer", minimum: 0, default: 0 });
    expect(schema.properties.ticket_search_lookback_days.maximum).toBeUndefined();
    expect(schema.properties.ignore_pagination).toMatchObject({ type: "boolean", default: false, airbyte_hidden: true });
    expect(schema.properties.start_date).toMatchObject({
      format: "date-time",
      pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
      pattern_descriptor: "YYYY-MM-DDTHH:mm:ssZ",
    });
    expect(schema.properties.base_url.type).toBe("string");
  });

  describe("matches Airbyte's spec.json", () => {
    const airbyte = reference<Json>("integration/spec.json");
    const theirs = airbyte.connectionSpecification;

    it("has every Airbyte property (plus base_url, the attachment options, the request deadline and the response size limit) and the same required list", () => {
      const ownAdditions = ["base_url", "attachments_download", "attachments_max_bytes", "request_timeout_seconds", "max_response_mb"];
      expect(Object.keys(schema.properties).sort()).toEqual([...Object.keys(theirs.properties), ...ownAdditions].sort());
      expect(schema.required).toEqual(theirs.required);
    });

    it("has the same credential variants, properties and required lists", () => {
      const ours = variantByConst(schema);
      const their = variantByConst(theirs);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(their).sort());
      for (const [method, variant] of Object.entries(their)) {
        expect(Object.keys(ours[method]!.properties).sort(), method).toEqual(Object.keys(variant.properties).sort());
        expect([...ours[method]!.required].sort(), method).toEqual([...variant.required].sort());
        expect(ours[method]!.title, method).toBe(variant.title);
        expect(ours[method]!.additionalProperties, method).toBe(true);
        for (const [field, def] of Object.entries(variant.properties as Record<string, Json>)) {
          expect(ours[method]!.properties[field].airbyte_secret, `${method}.${field}`).toBe(def.airbyte_secret);
          expect(ours[method]!.properties[field].type, `${method}.${field}`).toBe(def.type);
        }
      }
    });

    it("keeps titles, orders and types of the top-level fields", () => {
      for (const [field, def] of Object.entries(theirs.properties as Record<string, Json>)) {
        expect(schema.properties[field].type, field).toBe(def.type);
        expect(schema.properties[field].title, field).toBe(def.title);
        if (def.order !== undefined) expect(schema.properties[field].order, field).toBe(def.order);
      }
    });

    it("spec() carries the same advanced_auth", () => {
      const spec = zendeskSpec();
      expect(spec.advanced_auth).toEqual(airbyte.advanced_auth);
      expect(spec.supportsIncremental).toBe(true);
      expect(spec.supported_destination_sync_modes).toEqual(["overwrite", "append", "append_dedup"]);
      expect(spec.documentationUrl).toMatch(/^https:\/\//);
      expect(spec.connectionSpecification).toEqual(schema);
    });
  });
});
