/** Builds the authenticator for a config's credential method. */
import type { Authenticator, Clock, Logger } from "@calabi/kernel";
import { zendeskBaseUrl } from "../config/base-url.js";
import { originalConfig } from "../config/parse.js";
import type { ZendeskConfig } from "../config/schema.js";
import { ApiTokenAuthenticator } from "./api-token.js";
import { LegacyBearerAuthenticator } from "./legacy-bearer.js";
import { OAuthRefreshAuthenticator, type OAuthRefreshOptions } from "./oauth-refresh.js";

export { ApiTokenAuthenticator, basicAuthorization } from "./api-token.js";
export { LegacyBearerAuthenticator } from "./legacy-bearer.js";
export { OAuthRefreshAuthenticator, rotatedConfig, type OAuthRefreshOptions } from "./oauth-refresh.js";
export {
  requestTokenRefresh,
  refreshForm,
  tokenEndpointUrl,
  TokenEndpointUnavailable,
  REFRESH_TOKEN_REJECTED,
  type TokenRefreshRequest,
  type TokenRefreshResult,
} from "./token-endpoint.js";
export { withAuthorization, bearerTokenOf, assertSafeForCredentials } from "./headers.js";

export interface AuthenticatorEnvironment {
  clock: Clock;
  logger?: Logger;
  persistConfig(config: Record<string, unknown>): Promise<void>;
  fetch?: typeof fetch;
  /** Extra OAuth tuning (margins, attempts); mostly for tests. */
  oauth?: Partial<Pick<OAuthRefreshOptions, "expiryMarginMs" | "expiresInSeconds" | "maxAttempts" | "timeoutMs" | "reuseWindowMs">>;
}

export type ZendeskAuthenticator = ApiTokenAuthenticator | LegacyBearerAuthenticator | OAuthRefreshAuthenticator;

export function createZendeskAuthenticator(config: ZendeskConfig, env: AuthenticatorEnvironment): ZendeskAuthenticator & Authenticator {
  const creds = config.credentials;
  switch (creds.credentials) {
    case "api_token":
      return new ApiTokenAuthenticator(creds);
    case "oauth2.0":
      return new LegacyBearerAuthenticator(creds);
    case "oauth2_refresh":
      return new OAuthRefreshAuthenticator({
        baseUrl: zendeskBaseUrl(config),
        credentials: creds,
        config: originalConfig(config),
        clock: env.clock,
        persistConfig: env.persistConfig,
        ...(env.logger ? { logger: env.logger } : {}),
        ...(env.fetch ? { fetch: env.fetch } : {}),
        ...env.oauth,
      });
  }
}
