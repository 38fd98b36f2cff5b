/**
 * Authentication: Basic `{email}/token:{api_token}` and `Bearer <token>`, plus
 * the OAuth refresh grant with rotation (`POST /oauth/tokens`).
 *
 * - No `credentials` option: any well-formed credential is accepted (Basic with
 *   `/token`, any Bearer), except tokens this simulator issued and then revoked
 *   or let expire.
 * - With `credentials`: only the listed API tokens, the listed/issued access
 *   tokens and the listed OAuth clients' refresh tokens work.
 * - Refresh: every success returns a new access + refresh pair; the previous
 *   access AND refresh tokens die at once. A reused or unknown refresh token
 *   gets 400 invalid_grant.
 */
import type { SimClock } from "../util/clock.js";
import { hashString, mix, Rng } from "../util/prng.js";

export interface ApiTokenCredential {
  email: string;
  token: string;
}
export interface OAuthClientCredential {
  clientId: string;
  clientSecret?: string;
  /** The refresh token the client starts with. */
  refreshToken: string;
  /** Optional access token valid at start (expires per accessTokenExpiresIn). */
  accessToken?: string;
  /** Seconds the initial access token lives (default: no expiry). */
  accessTokenExpiresIn?: number;
}
export interface CredentialOptions {
  apiTokens?: ApiTokenCredential[];
  oauthClients?: OAuthClientCredential[];
  /** Legacy non-expiring OAuth access tokens. */
  accessTokens?: string[];
}

export interface AuthOptions {
  credentials?: CredentialOptions;
  /** Upper bound for access-token lifetimes, seconds (tests: tokens that expire mid-sync). */
  maxAccessTokenTtlSeconds?: number;
  /** Lifetime when the refresh request does not send `expires_in` (default 1800). */
  defaultAccessTokenTtlSeconds?: number;
}

export type AuthResult =
  | { ok: true; kind: "basic"; email: string }
  | { ok: true; kind: "bearer"; token: string; clientId?: string }
  | { ok: false; body: Record<string, string> };

export const BASIC_401 = { error: "Couldn't authenticate you" };
export const BEARER_401 = {
  error: "invalid_token",
  error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
};
export const INVALID_GRANT = {
  error: "invalid_grant",
  error_description:
    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
};
export const INVALID_CLIENT = {
  error: "invalid_client",
  error_description: "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
};

interface AccessToken {
  clientId?: string;
  /** Unix ms, or null = never. */
  expiresAt: number | null;
  revoked: boolean;
}
interface RefreshToken {
  clientId: string;
  expiresAt: number | null;
  used: boolean;
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

export class AuthStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  /** last pair issued per client, so rotation can kill it */
  private readonly current = new Map<string, { access?: string; refresh: string }>();
  private counter = 0;
  readonly strict: boolean;

  constructor(private readonly clock: SimClock, private readonly seed: number, private readonly options: AuthOptions = {}) {
    const c = options.credentials;
    this.strict = c != null;
    for (const t of c?.accessTokens ?? []) this.access.set(t, { expiresAt: null, revoked: false });
    for (const client of c?.oauthClients ?? []) {
      this.refresh.set(client.refreshToken, { clientId: client.clientId, expiresAt: null, used: false });
      const pair: { access?: string; refresh: string } = { refresh: client.refreshToken };
      if (client.accessToken) {
        const ttl = client.accessTokenExpiresIn;
        this.access.set(client.accessToken, { clientId: client.clientId, expiresAt: ttl != null ? clock.now() + ttl * 1000 : null, revoked: false });
        pair.access = client.accessToken;
      }
      this.current.set(client.clientId, pair);
    }
  }

  authenticate(header: string | null): AuthResult {
    if (!header) return { ok: false, body: BASIC_401 };
    const [scheme, ...rest] = header.trim().split(/\s+/);
    const value = rest.join(" ");
    if (/^basic$/i.test(scheme)) {
      let decoded = "";
      try {
        decoded = Buffer.from(value, "base64").toString("utf8");
      } catch {
        return { ok: false, body: BASIC_401 };
      }
      const m = /^([^:]+)\/token:(.+)$/.exec(decoded);
      if (!m) return { ok: false, body: BASIC_401 };
      const [, email, token] = m;
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) return { ok: false, body: BASIC_401 };
      if (this.strict) {
        const ok = (this.options.credentials?.apiTokens ?? []).some((t) => t.email.toLowerCase() === email.toLowerCase() && t.token === token);
        if (!ok) return { ok: false, body: BASIC_401 };
      }
      return { ok: true, kind: "basic", email };
    }
    if (/^bearer$/i.test(scheme)) {
      if (!value) return { ok: false, body: BEARER_401 };
      const known = this.access.get(value);
      if (known) {
        if (known.revoked || (known.expiresAt != null && this.clock.now() >= known.expiresAt)) return { ok: false, body: BEARER_401 };
        return { ok: true, kind: "bearer", token: value, clientId: known.clientId };
      }
      if (this.strict) return { ok: false, body: BEARER_401 };
      return { ok: true, kind: "bearer", token: value };
    }
    return { ok: false, body: BASIC_401 };
  }

  private mint(prefix: string): string {
    const n = this.counter++;
    return `${prefix}${new Rng(mix(this.seed, hashString(prefix), n)).hex(40)}`;
  }

  /** `POST /oauth/tokens` with already-parsed fields (JSON or form). */
  token(fields: Record<string, unknown>): TokenResponse {
    const grant = String(fields.grant_type ?? "");
    if (grant !== "refresh_token") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "The authorization grant type is not supported by the authorization server." } };
    }
    const refreshToken = String(fields.refresh_token ?? "");
    const clientId = fields.client_id != null ? String(fields.client_id) : undefined;
    const clientSecret = fields.client_secret != null ? String(fields.client_secret) : undefined;
    if (this.strict && clientId != null) {
      const client = (this.options.credentials?.oauthClients ?? []).find((c) => c.clientId === clientId);
      if (!client || (client.clientSecret != null && client.clientSecret !== clientSecret)) return { status: 401, body: INVALID_CLIENT };
    }
    const known = this.refresh.get(refreshToken);
    const now = this.clock.now();
    if (!refreshToken) return { status: 400, body: INVALID_GRANT };
    if (known) {
      if (known.used || (known.expiresAt != null && now >= known.expiresAt)) return { status: 400, body: INVALID_GRANT };
      if (clientId != null && known.clientId !== clientId) return { status: 400, body: INVALID_GRANT };
    } else if (this.strict) {
      return { status: 400, body: INVALID_GRANT };
    }
    const owner = known?.clientId ?? clientId ?? "anonymous";
    // rotation: the presented refresh token and the client's previous pair die now
    this.refresh.set(refreshToken, { clientId: owner, expiresAt: known?.expiresAt ?? null, used: true });
    const prev = this.current.get(owner);
    if (prev?.access) {
      const a = this.access.get(prev.access);
      if (a) a.revoked = true;
    }
    if (prev?.refresh) {
      const r = this.refresh.get(prev.refresh);
      if (r) r.used = true;
    }
    const requested = fields.expires_in != null && fields.expires_in !== "" ? Number(fields.expires_in) : undefined;
    let ttl = requested != null && Number.isFinite(requested) ? Math.min(172_800, Math.max(300, Math.floor(requested))) : this.options.defaultAccessTokenTtlSeconds ?? 1800;
    if (this.options.maxAccessTokenTtlSeconds != null) ttl = Math.min(ttl, this.options.maxAccessTokenTtlSeconds);
    const requestedRefresh = fields.refresh_token_expires_in != null ? Number(fields.refresh_token_expires_in) : undefined;
    const refreshTtl = requestedRefresh != null && Number.isFinite(requestedRefresh) ? Math.min(7_776_000, Math.max(604_800, Math.floor(requestedRefresh))) : 2_592_000;
    const accessToken = this.mint("sim_at_");
    const newRefresh = this.mint("sim_rt_");
    this.access.set(accessToken, { clientId: owner, expiresAt: now + ttl * 1000, revoked: false });
    this.refresh.set(newRefresh, { clientId: owner, expiresAt: now + refreshTtl * 1000, used: false });
    this.current.set(owner, { access: accessToken, refresh: newRefresh });
    return {
      status: 201,
      body: {
        access_token: accessToken,
        token_type: "bearer",
        scope: typeof fields.scope === "string" && fields.scope ? fields.scope : "read",
        expires_in: ttl,
        refresh_token: newRefresh,
        refresh_token_expires_in: refreshTtl,
      },
    };
  }

  /** Revoke an access token (control operation). */
  revoke(accessToken: string): void {
    const a = this.access.get(accessToken);
    if (a) a.revoked = true;
    else this.access.set(accessToken, { expiresAt: null, revoked: true });
  }

  /** Snapshot for the control API. */
  snapshot(): { clients: Record<string, { access?: string; refresh: string }>; issued: number } {
    return { clients: Object.fromEntries(this.current), issued: this.counter };
  }
}
