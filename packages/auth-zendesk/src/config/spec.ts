/** The Airbyte ConnectorSpecification (`spec` command). */
import type { ConnectorSpecification } from "@calabi/kernel";
import { configJsonSchema } from "./json-schema.js";

export const DOCUMENTATION_URL = "https://www.npmjs.com/package/@calabi/auth-zendesk";

/** Zendesk's maximum access-token lifetime (48 h), requested on every authorisation and refresh. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 172_800;

/** OAuth consent flow for the `oauth2_refresh` variant (Airbyte's `advanced_auth`). */
export function advancedAuth(): Record<string, unknown> {
  const intoCredentials = (field: string) => ["credentials", field];
  return {
    auth_flow_type: "oauth2.0",
    predicate_key: ["credentials", "credentials"],
    predicate_value: "oauth2_refresh",
    oauth_config_specification: {
      oauth_user_input_from_connector_config_specification: {
        type: "object",
        additionalProperties: false,
        properties: { subdomain: { type: "string", path_in_connector_config: ["subdomain"] } },
      },
      complete_oauth_output_specification: {
        type: "object",
        properties: {
          access_token: { type: "string", path_in_connector_config: intoCredentials("access_token") },
          refresh_token: { type: "string", path_in_connector_config: intoCredentials("refresh_token") },
          token_expiry_date: {
            type: "string",
            format: "date-time",
            path_in_connector_config: intoCredentials("token_expiry_date"),
          },
        },
      },
      complete_oauth_server_input_specification: {
        type: "object",
        additionalProperties: false,
        properties: { client_id: { type: "string" }, client_secret: { type: "string" } },
      },
      complete_oauth_server_output_specification: {
        type: "object",
        additionalProperties: false,
        properties: {
          client_id: { type: "string", path_in_connector_config: intoCredentials("client_id") },
          client_secret: { type: "string", path_in_connector_config: intoCredentials("client_secret") },
        },
      },
      oauth_connector_input_specification: {
        consent_url:
          "https://{{subdomain}}.zendesk.com/oauth/authorizations/new?response_type=code&{{client_id_param}}&{{redirect_uri_param}}&{{scopes_param}}&{{state_param}}",
        scopes: [{ scope: "read" }],
        access_token_url:
          "https://{{subdomain}}.zendesk.com/oauth/tokens?grant_type=authorization_code&{{auth_code_param}}&{{client_id_param}}&{{client_secret_param}}&{{redirect_uri_param}}&{{scopes_param}}" +
          `&expires_in=${ACCESS_TOKEN_LIFETIME_SECONDS}`,
        extract_output: ["access_token", "refresh_token", "expires_in"],
      },
    },
  };
}

export function zendeskSpec(): ConnectorSpecification {
  return {
    documentationUrl: DOCUMENTATION_URL,
    connectionSpecification: configJsonSchema(),
    supportsIncremental: true,
    supported_destination_sync_modes: ["overwrite", "append", "append_dedup"],
    advanced_auth: advancedAuth(),
  };
}
