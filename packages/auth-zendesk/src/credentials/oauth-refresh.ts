/**
 * OAuth with rotating refresh tokens (`oauth2_refresh`).
 *
 * - Refreshes before use when there is no access token, no known expiry, or the expiry is within
 *   `expiryMarginMs` of the clock's now; and once when the HTTP client reports a 401 `invalid_token`.
 * - One refresh at a time: concurrent callers await the same in-flight refresh, and a caller whose
 *   token was already replaced by another refresh simply uses the new one.
 * - Rotation: Zendesk kills the old refresh token as soon as it issues a new one, so the new
 *   config is persisted (`persistConfig`) BEFORE the new access token is used.
 */
import { ConfigError, ConnectorError, redactor, RetryEngine, type Authenticator, type Clock, type HttpRequest, type Logger } from "@calabi/kernel";
import type { OAuthRefreshCredentials } from "../config/schema.js";
import { assertSafeForCredentials, bearerTokenOf, withAuthorization } from "./headers.js";
import { requestTokenRefresh, TokenEndpointUnavailable, tokenEndpointUrl, type TokenRefreshResult } from "./token-endpoint.js";

export interface OAuthRefreshOptions {
  baseUrl: string;
  credentials: OAuthRefreshCredentials;
  /** The config rotated tokens are written into (as the user wrote it); defaults to `{ credentials }`. */
  config?: Record<string, unknown>;
  clock: Clock;
  /** Persists the config with rotated tokens; awaited before the new access token is used. */
  persistConfig(config: Record<string, unknown>): Promise<void>;
  logger?: Logger;
  /** Used for the token endpoint (default: global fetch). */
  fetch?: typeof fetch;
  /** Refresh this long before the recorded expiry (default 2 minutes). */
  expiryMarginMs?: number;
  /** Requested access-token lifetime (default 172800 s, Zendesk's maximum). */
  expiresInSeconds?: number;
  /** Attempts at the token endpoint on network errors, 429 and 5xx (default 3). */
  maxAttempts?: number;
  /** Timeout of one token request (default 30 s). */
  timeoutMs?: number;
  /**
   * When `refresh()` is called without the failed request and a refresh finished less than this
   * long ago, the caller is assumed to hold a token that has since been replaced (default 1 s).
   */
  reuseWindowMs?: number;
}

/** What `refresh()` accepts from the HTTP client: the failed request or response, when it passes one. */
type FailedExchange = HttpRequest | { request: HttpRequest };

export class OAuthRefreshAuthenticator implements Authenticator {
  readonly method = "oauth2_refresh";
  private accessToken: string | undefined;
  private refreshToken: string;
  /** Epoch ms; undefined = unknown (refresh before use); Infinity = does not expire. */
  private expiresAt: number | undefined;
  private config: Record<string, unknown>;
  private inFlight: Promise<void> | undefined;
  private fatal: Error | undefined;
  private lastRefreshAt: number | undefined;
  private refreshes = 0;
  /** Lifetime of the token this authenticator obtained itself (unknown for a token from the config). */
  private lifetimeMs: number | undefined;

  private readonly expiryMarginMs: number;
  private readonly expiresInSeconds: number;
  private readonly maxAttempts: number;
  private readonly reuseWindowMs: number;

  constructor(private readonly options: OAuthRefreshOptions) {
    const creds = options.credentials;
    for (const value of [creds.access_token, creds.refresh_token, creds.client_secret, creds.client_id]) redactor.register(value);
    this.accessToken = creds.access_token || undefined;
    this.refreshToken = creds.refresh_token;
    const expiry = creds.token_expiry_date ? Date.parse(creds.token_expiry_date) : Number.NaN;
    this.expiresAt = Number.isNaN(expiry) ? undefined : expiry;
    this.config = options.config ?? { credentials: { ...creds } };
    this.expiryMarginMs = options.expiryMarginMs ?? 120_000;
    this.expiresInSeconds = options.expiresInSeconds ?? 172_800;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.reuseWindowMs = options.reuseWindowMs ?? 1_000;
  }

  /** How many refreshes succeeded (for stats and tests). */
  get refreshCount(): number {
    return this.refreshes;
  }

  /** The config as last persisted (or as given, before any refresh). */
  currentConfig(): Record<string, unknown> {
    return this.config;
  }

  /** True when the token must be refreshed before the next request. */
  needsRefresh(): boolean {
    if (!this.accessToken || this.expiresAt === undefined) return true;
    // A short-lived token would be refreshed on every request with the full margin: keep the
    // margin to a quarter of the token's life when that life is known.
    const margin = this.lifetimeMs !== undefined ? Math.min(this.expiryMarginMs, this.lifetimeMs / 4) : this.expiryMarginMs;
    return this.options.clock.now() >= this.expiresAt - margin;
  }

  async apply(request: HttpRequest): Promise<HttpRequest> {
    assertSafeForCredentials(request.url);
    if (this.fatal) throw this.fatal;
    if (this.inFlight) await this.inFlight;
    else if (this.needsRefresh()) await this.startRefresh();
    return withAuthorization(request, `Bearer ${this.accessToken as string}`);
  }

  /**
   * Called after a 401 `invalid_token`. Passing the failed request (or response) lets the
   * authenticator tell a stale token (already rotated: nothing to do) from a rejected current one.
   */
  async refresh(failed?: FailedExchange): Promise<void> {
    if (this.fatal) throw this.fatal;
    const used = failed ? bearerTokenOf("request" in failed ? failed.request : failed) : undefined;
    if (used !== undefined && used !== this.accessToken) {
      // Another caller's refresh already replaced the token this request was sent with.
      if (this.inFlight) await this.inFlight;
      return;
    }
    if (this.inFlight) return this.inFlight;
    if (
      used === undefined &&
      this.lastRefreshAt !== undefined &&
      this.options.clock.now() - this.lastRefreshAt < this.reuseWindowMs
    ) {
      return;
    }
    return this.startRefresh();
  }

  private startRefresh(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.rotate().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async rotate(): Promise<void> {
    const result = await this.callTokenEndpoint();
    const now = this.options.clock.now();
    const refreshToken = result.refreshToken ?? this.refreshToken;
    const expiresAt = result.expiresInSeconds !== undefined ? now + result.expiresInSeconds * 1000 : Number.POSITIVE_INFINITY;
    const next = rotatedConfig(this.config, {
      access_token: result.accessToken,
      refresh_token: refreshToken,
      token_expiry_date: Number.isFinite(expiresAt) ? new Date(expiresAt).toISOString() : undefined,
    });

    try {
      await this.options.persistConfig(next);
    } catch (error) {
      this.fatal = new ConnectorError(
        "Zendesk OAuth: the access token was refreshed but the rotated tokens could not be saved " +
          `(${redactor.redact(error instanceof Error ? error.message : String(error))}). ` +
          "Zendesk has already invalidated the previous refresh token, so the connection must be re-authorised.",
        "system_error",
        { cause: error },
      );
      throw this.fatal;
    }

    this.accessToken = result.accessToken;
    this.refreshToken = refreshToken;
    this.expiresAt = expiresAt;
    this.lifetimeMs = result.expiresInSeconds !== undefined ? result.expiresInSeconds * 1000 : undefined;
    this.config = next;
    this.lastRefreshAt = now;
    this.refreshes += 1;
    this.options.logger?.info("Zendesk OAuth access token refreshed", {
      expires_at: Number.isFinite(expiresAt) ? new Date(expiresAt).toISOString() : "never",
      refresh_token_rotated: result.refreshToken !== undefined,
    });
  }

  /** The token endpoint through the kernel's retry engine: network errors, 429 and 5xx are retried (Retry-After first, else 1 s, 2 s, …). */
  private callTokenEndpoint(): Promise<TokenRefreshResult> {
    const creds = this.options.credentials;
    const engine = new RetryEngine({ maxAttempts: this.maxAttempts }, this.options.clock, this.options.logger);
    const url = tokenEndpointUrl(this.options.baseUrl);
    return engine.run<TokenRefreshResult>({ what: "POST /oauth/tokens", path: "/oauth/tokens", host: new URL(url).host }, async () => {
      try {
        return {
          ok: await requestTokenRefresh({
            baseUrl: this.options.baseUrl,
            clientId: creds.client_id,
            clientSecret: creds.client_secret,
            refreshToken: this.refreshToken,
            expiresInSeconds: this.expiresInSeconds,
            ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
            ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
          }),
        };
      } catch (error) {
        if (error instanceof TokenEndpointUnavailable) {
          return { retry: error.message, delayMs: error.retryAfterMs, backoff: { factorMs: 500 }, error };
        }
        if (error instanceof ConfigError) this.fatal = error;
        return { fail: error as Error };
      }
    });
  }
}

/** A copy of `config` whose credentials carry the new tokens (other fields untouched). */
export function rotatedConfig(
  config: Record<string, unknown>,
  tokens: { access_token: string; refresh_token: string; token_expiry_date: string | undefined },
): Record<string, unknown> {
  const previous = (config.credentials && typeof config.credentials === "object" ? config.credentials : {}) as Record<string, unknown>;
  const credentials: Record<string, unknown> = { ...previous, access_token: tokens.access_token, refresh_token: tokens.refresh_token };
  if (tokens.token_expiry_date !== undefined) credentials.token_expiry_date = tokens.token_expiry_date;
  else delete credentials.token_expiry_date;
  return { ...config, credentials };
}
