/**
 * One call to Zendesk's token endpoint: `POST {baseUrl}/oauth/tokens` with the refresh grant
 * (form-urlencoded). Sent with global fetch, outside the budgeted HTTP client: refreshing must
 * not queue behind the very requests that wait for the new token.
 */
import { ConfigError, ConnectorError, redactor } from "@calabi/kernel";
import { describeNetworkError } from "../network-errors.js";

export const REFRESH_TOKEN_REJECTED =
  "Zendesk OAuth: the refresh token was rejected: it was already used or revoked; re-authorise the connection.";

export interface TokenRefreshRequest {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Requested access-token lifetime; Zendesk only returns `expires_in` (and a refresh token) when asked. */
  expiresInSeconds: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface TokenRefreshResult {
  accessToken: string;
  /** Absent when the response did not rotate it. */
  refreshToken?: string;
  /** Absent for a non-expiring token. */
  expiresInSeconds?: number;
}

/** A failure worth retrying (network, 429, 5xx). */
export class TokenEndpointUnavailable extends ConnectorError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, "transient_error", options);
    this.name = "TokenEndpointUnavailable";
  }
}

export function tokenEndpointUrl(baseUrl: string): string {
  return `${baseUrl}/oauth/tokens`;
}

export function refreshForm(request: Pick<TokenRefreshRequest, "refreshToken" | "clientId" | "clientSecret" | "expiresInSeconds">): string {
  return new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: request.refreshToken,
    client_id: request.clientId,
    client_secret: request.clientSecret,
    expires_in: String(request.expiresInSeconds),
  }).toString();
}

export async function requestTokenRefresh(request: TokenRefreshRequest): Promise<TokenRefreshResult> {
  const url = tokenEndpointUrl(request.baseUrl);
  const doFetch = request.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 30_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: refreshForm(request),
      signal,
      redirect: "error",
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new TokenEndpointUnavailable(
      redactor.redact(`Zendesk OAuth: could not reach the token endpoint ${url}: ${describeNetworkError(error)}`),
      undefined,
      { cause: error },
    );
  }

  const body = parseJson(text);
  const errorCode = typeof body?.error === "string" ? body.error : undefined;
  const status = response.status;

  if (status === 200 || status === 201) {
    const accessToken = body?.access_token;
    if (typeof accessToken !== "string" || accessToken.length === 0) {
      throw new ConnectorError(`Zendesk OAuth: the token endpoint answered ${status} without an access_token.`, "system_error");
    }
    // Known from now on: never let them reach a log.
    redactor.register(accessToken);
    const refreshToken = typeof body?.refresh_token === "string" && body.refresh_token.length > 0 ? body.refresh_token : undefined;
    redactor.register(refreshToken);
    const expiresIn = Number(body?.expires_in);
    return {
      accessToken,
      ...(refreshToken !== undefined ? { refreshToken } : {}),
      ...(body?.expires_in !== null && body?.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0
        ? { expiresInSeconds: expiresIn }
        : {}),
    };
  }

  if ((status === 400 || status === 401) && (errorCode === "invalid_grant" || text.includes("invalid_grant"))) {
    throw new ConfigError(REFRESH_TOKEN_REJECTED);
  }
  if ((status === 400 || status === 401) && (errorCode === "invalid_client" || text.includes("invalid_client"))) {
    throw new ConfigError(
      "Zendesk OAuth: the client credentials were rejected (invalid_client) while refreshing the access token: " +
        "check config.credentials.client_id and config.credentials.client_secret, or re-authorise the connection.",
    );
  }
  if (status === 404) {
    throw new ConfigError(
      `Zendesk OAuth: no token endpoint at ${url} (404): check config.subdomain${text.includes("No help desk") ? " (Zendesk says there is no help desk at that address)" : ""}.`,
    );
  }
  if (status === 429 || status >= 500) {
    throw new TokenEndpointUnavailable(
      `Zendesk OAuth: the token endpoint answered ${status}${errorCode ? ` (${safeCode(errorCode)})` : ""}.`,
      retryAfterMs(response.headers.get("retry-after")),
    );
  }
  throw new ConfigError(
    `Zendesk OAuth: the token endpoint refused to refresh the access token (${status}${errorCode ? ` ${safeCode(errorCode)}` : ""}); re-authorise the connection.`,
  );
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OAuth error codes are short identifiers; anything else is not echoed. */
function safeCode(code: string): string {
  return /^[A-Za-z0-9_.-]{1,60}$/.test(code) ? code : "error";
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}
