import { ConfigError, ConnectorError, redactor, type HttpRequest } from "@calabi/kernel";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeClock, memoryLogger, startTestServer, type RecordedRequest, type Reply, type TestServer } from "../__tests__/helpers.js";
import { parseConfig } from "../config/parse.js";
import { createZendeskAuthenticator } from "./index.js";
import { OAuthRefreshAuthenticator, type OAuthRefreshOptions } from "./oauth-refresh.js";
import { REFRESH_TOKEN_REJECTED } from "./token-endpoint.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;

/** A token endpoint with Zendesk's rotation: each refresh kills the previous refresh and access tokens. */
class RotatingIssuer {
  generation = 0;
  refreshToken = "rt-0";
  accessToken = "at-0";
  omitRefreshToken = false;
  status = 200;
  delayMs = 0;
  failNext: Reply[] = [];

  handle = (req: RecordedRequest): Reply => {
    if (req.method === "POST" && req.url === "/oauth/tokens") {
      const next = this.failNext.shift();
      if (next) return next;
      if (req.form.grant_type !== "refresh_token" || req.form.refresh_token !== this.refreshToken) {
        return { status: 400, body: { error: "invalid_grant", error_description: "The provided authorization grant is invalid, expired, revoked" } };
      }
      this.generation += 1;
      this.accessToken = `at-${this.generation}`;
      if (!this.omitRefreshToken) this.refreshToken = `rt-${this.generation}`;
      return {
        status: this.status,
        delayMs: this.delayMs,
        body: {
          access_token: this.accessToken,
          ...(this.omitRefreshToken ? {} : { refresh_token: this.refreshToken }),
          token_type: "bearer",
          scope: "read",
          expires_in: Number(req.form.expires_in),
          refresh_token_expires_in: 7776000,
        },
      };
    }
    if (req.method === "GET" && req.url.startsWith("/api/v2/tags")) {
      if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
        return { status: 401, body: { error: "invalid_token", error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons." } };
      }
      return { status: 200, body: { tags: [{ name: "vip", count: 1 }], meta: { has_more: false } } };
    }
    return { status: 404, body: { error: "InvalidEndpoint", description: "Not found" } };
  };
}

let server: TestServer;
let issuer: RotatingIssuer;
let clock: FakeClock;
let persisted: Record<string, unknown>[];

beforeEach(async () => {
  issuer = new RotatingIssuer();
  server = await startTestServer(issuer.handle);
  clock = new FakeClock(NOW);
  persisted = [];
});
afterEach(async () => {
  await server.close();
});

const tokenPosts = () => server.requests.filter((r) => r.method === "POST" && r.url === "/oauth/tokens");
const tagsRequest = (): HttpRequest => ({ method: "GET", url: `${server.baseUrl}/api/v2/tags?page[size]=1`, headers: {} });

function authenticator(credentials: Partial<OAuthRefreshOptions["credentials"]> = {}, extra: Partial<OAuthRefreshOptions> = {}) {
  return new OAuthRefreshAuthenticator({
    baseUrl: server.baseUrl,
    credentials: {
      credentials: "oauth2_refresh",
      client_id: "client-abc",
      client_secret: "client-secret-xyz",
      refresh_token: "rt-0",
      access_token: "at-0",
      token_expiry_date: new Date(NOW - HOUR).toISOString(),
      ...credentials,
    },
    clock,
    persistConfig: async (config) => {
      persisted.push(structuredClone(config));
    },
    ...extra,
  });
}

async function fetchTags(request: HttpRequest): Promise<number> {
  const res = await fetch(request.url, { headers: request.headers });
  await res.text();
  return res.status;
}

describe("OAuthRefreshAuthenticator", () => {
  it("expired token: exactly one POST /oauth/tokens with the refresh form, then data", async () => {
    const auth = authenticator();
    const applied = await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
    const post = tokenPosts()[0]!;
    expect(post.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(post.form).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-0",
      client_id: "client-abc",
      client_secret: "client-secret-xyz",
      expires_in: "172800",
    });
    expect(applied.headers.authorization).toBe("Bearer at-1");
    expect(await fetchTags(applied)).toBe(200);
    await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
  });

  it("valid token: no refresh", async () => {
    const auth = authenticator({ token_expiry_date: new Date(NOW + 2 * HOUR).toISOString() });
    const applied = await auth.apply(tagsRequest());
    expect(applied.headers.authorization).toBe("Bearer at-0");
    expect(await fetchTags(applied)).toBe(200);
    expect(tokenPosts()).toHaveLength(0);
    expect(persisted).toHaveLength(0);
  });

  it("refreshes when the expiry is within the margin, the expiry is unknown, or there is no access token", async () => {
    await authenticator({ token_expiry_date: new Date(NOW + 60_000).toISOString() }).apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
    await authenticator({ refresh_token: issuer.refreshToken, token_expiry_date: undefined }).apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(2);
    await authenticator({ refresh_token: issuer.refreshToken, access_token: undefined, token_expiry_date: new Date(NOW + 9 * HOUR).toISOString() }).apply(
      tagsRequest(),
    );
    expect(tokenPosts()).toHaveLength(3);
  });

  it("refreshes again once the clock passes the new expiry (minus the margin)", async () => {
    const auth = authenticator();
    await auth.apply(tagsRequest());
    clock.advance(172_800_000 - 121_000);
    await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
    clock.advance(2_000);
    const applied = await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(2);
    expect(tokenPosts()[1]!.form.refresh_token).toBe("rt-1");
    expect(applied.headers.authorization).toBe("Bearer at-2");
  });

  it("keeps the margin to a quarter of a short-lived token's life, so it is not refreshed on every request", async () => {
    const auth = authenticator({}, { expiresInSeconds: 200 });
    await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
    clock.advance(140_000); // 60 s left: inside the usual 120 s margin, outside a quarter of 200 s
    await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(1);
    clock.advance(15_000); // 45 s left: within a quarter of the life
    await auth.apply(tagsRequest());
    expect(tokenPosts()).toHaveLength(2);
  });

  it("concurrent callers share one refresh", async () => {
    issuer.delayMs = 50;
    const auth = authenticator();
    const applied = await Promise.all(Array.from({ length: 12 }, () => auth.apply(tagsRequest())));
    expect(tokenPosts()).toHaveLength(1);
    expect(new Set(applied.map((r) => r.headers.authorization))).toEqual(new Set(["Bearer at-1"]));
    expect(persisted).toHaveLength(1);
    const statuses = await Promise.all(applied.map(fetchTags));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it("persists the rotated tokens before the new access token is used", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const events: string[] = [];
    const auth = authenticator(
      {},
      {
        persistConfig: async (config) => {
          events.push(`persist ${(config.credentials as { access_token: string }).access_token}`);
          await gate;
          persisted.push(structuredClone(config));
          events.push("persisted");
        },
      },
    );
    const pending = auth.apply(tagsRequest()).then((r) => {
      events.push(`use ${r.headers.authorization}`);
      return r;
    });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20)); // give a premature use the chance to show up
    expect(tokenPosts()).toHaveLength(1);
    expect(events).toEqual(["persist at-1"]);
    release();
    await pending;
    expect(events).toEqual(["persist at-1", "persisted", "use Bearer at-1"]);
    expect(persisted[0]).toEqual({
      credentials: {
        credentials: "oauth2_refresh",
        client_id: "client-abc",
        client_secret: "client-secret-xyz",
        refresh_token: "rt-1",
        access_token: "at-1",
        token_expiry_date: new Date(NOW + 172_800_000).toISOString(),
      },
    });
  });

  it("writes rotated tokens into the config as the user wrote it (no defaults, unknown fields kept)", async () => {
    const raw = {
      subdomain: "acme",
      base_url: server.baseUrl,
      custom: "kept",
      credentials: { credentials: "oauth2_refresh", client_id: "client-abc", client_secret: "client-secret-xyz", refresh_token: "rt-0", extra: 1 },
    };
    const auth = createZendeskAuthenticator(parseConfig(raw), {
      clock,
      persistConfig: async (c) => {
        persisted.push(structuredClone(c));
      },
    });
    await auth.apply(tagsRequest());
    expect(persisted).toEqual([
      {
        subdomain: "acme",
        base_url: server.baseUrl,
        custom: "kept",
        credentials: {
          credentials: "oauth2_refresh",
          client_id: "client-abc",
          client_secret: "client-secret-xyz",
          refresh_token: "rt-1",
          extra: 1,
          access_token: "at-1",
          token_expiry_date: new Date(NOW + 172_800_000).toISOString(),
        },
      },
    ]);
    expect(raw.credentials.refresh_token).toBe("rt-0"); // the input object is not mutated
  });

  it("keeps the old refresh token when the response does not rotate it", async () => {
    issuer.omitRefreshToken = true;
    const auth = authenticator();
    await auth.apply(tagsRequest());
    expect((persisted[0]!.credentials as { refresh_token: string }).refresh_token).toBe("rt-0");
    clock.advance(172_800_000);
    await auth.apply(tagsRequest());
    expect(tokenPosts()[1]!.form.refresh_token).toBe("rt-0");
  });

  it("accepts 201 from the token endpoint", async () => {
    issuer.status = 201;
    expect((await authenticator().apply(tagsRequest())).headers.authorization).toBe("Bearer at-1");
  });

  it("invalid_grant → ConfigError, and no second attempt with the dead token", async () => {
    const auth = authenticator({ refresh_token: "rt-already-used" });
    const error = await auth.apply(tagsRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(REFRESH_TOKEN_REJECTED);
    expect((error as Error).message).toContain("the refresh token was rejected: it was already used or revoked; re-authorise the connection");
    expect((error as Error).message).not.toContain("rt-already-used");
    await expect(auth.apply(tagsRequest())).rejects.toBe(error);
    await expect(auth.refresh()).rejects.toBe(error);
    expect(tokenPosts()).toHaveLength(1);
    expect(persisted).toHaveLength(0);
  });

  it("a 401 invalid_grant is a ConfigError too; invalid_client names the client fields", async () => {
    issuer.failNext.push({ status: 401, body: { error: "invalid_grant" } });
    await expect(authenticator().apply(tagsRequest())).rejects.toThrow(REFRESH_TOKEN_REJECTED);
    issuer.failNext.push({ status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } });
    await expect(authenticator().apply(tagsRequest())).rejects.toThrow(/invalid_client.*config\.credentials\.client_id/);
  });

  it("retries the token endpoint on 503 / 429 (Retry-After on the injected clock)", async () => {
    issuer.failNext.push({ status: 503, body: "busy", headers: { "retry-after": "2" } }, { status: 429, body: "slow down" });
    const applied = await authenticator().apply(tagsRequest());
    expect(applied.headers.authorization).toBe("Bearer at-1");
    expect(tokenPosts()).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it("gives up after maxAttempts transient failures with a transient error", async () => {
    issuer.failNext.push({ status: 502 }, { status: 502 }, { status: 502 });
    const error = await authenticator().apply(tagsRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).failureType).toBe("transient_error");
    expect(tokenPosts()).toHaveLength(3);
  });

  it("a failed persistConfig fails loudly and the new token is never used", async () => {
    const auth = authenticator({}, { persistConfig: async () => Promise.reject(new Error("disk full")) });
    const error = await auth.apply(tagsRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toMatch(/could not be saved \(disk full\).*re-authorised/);
    expect((error as Error).message).not.toContain("at-1");
    await expect(auth.apply(tagsRequest())).rejects.toBe(error);
  });

  it("401 invalid_token on a locally valid token → exactly one refresh, then the retry works", async () => {
    const auth = authenticator({ token_expiry_date: new Date(NOW + 5 * HOUR).toISOString() });
    issuer.accessToken = "revoked-server-side";
    const first = await auth.apply(tagsRequest());
    expect(await fetchTags(first)).toBe(401);
    await auth.refresh(first);
    const retry = await auth.apply(tagsRequest());
    expect(await fetchTags(retry)).toBe(200);
    expect(tokenPosts()).toHaveLength(1);
  });

  it("a caller whose token was already rotated by another refresh does not refresh again", async () => {
    const auth = authenticator({ token_expiry_date: new Date(NOW + 5 * HOUR).toISOString() });
    const a = await auth.apply(tagsRequest());
    const b = await auth.apply(tagsRequest());
    await auth.refresh(a); // a's 401 arrives first: refresh
    await auth.refresh({ request: b }); // b was sent with the same old token: already rotated
    expect(tokenPosts()).toHaveLength(1);
    expect((await auth.apply(tagsRequest())).headers.authorization).toBe("Bearer at-1");
  });

  it("concurrent refresh() calls share one in-flight refresh", async () => {
    issuer.delayMs = 40;
    const auth = authenticator({ token_expiry_date: new Date(NOW + 5 * HOUR).toISOString() });
    const sent = await auth.apply(tagsRequest());
    await Promise.all([auth.refresh(sent), auth.refresh(), auth.refresh(sent), auth.apply(tagsRequest())]);
    expect(tokenPosts()).toHaveLength(1);
  });

  it("refresh() without the failed request: a just-finished refresh is reused, a later call refreshes", async () => {
    const auth = authenticator({ token_expiry_date: new Date(NOW + 5 * HOUR).toISOString() });
    await auth.refresh();
    await auth.refresh();
    expect(tokenPosts()).toHaveLength(1);
    clock.advance(5_000);
    await auth.refresh();
    expect(tokenPosts()).toHaveLength(2);
    expect(auth.refreshCount).toBe(2);
  });

  it("registers new tokens with the redactor and never logs them", async () => {
    const logger = memoryLogger();
    issuer.refreshToken = "rt-secret-0";
    const auth = authenticator({ refresh_token: "rt-secret-0" }, { logger });
    await auth.apply(tagsRequest());
    expect(redactor.redact("a at-1 b rt-1 c client-secret-xyz")).toBe("a *** b *** c ***");
    expect(JSON.stringify(logger.lines)).not.toMatch(/at-1|rt-1|client-secret-xyz/);
    expect(logger.lines.some((l) => l.message.includes("refreshed"))).toBe(true);
  });

  it("reports an unreachable token endpoint as transient after retrying", async () => {
    await server.close();
    const auth = authenticator({}, { maxAttempts: 2 });
    const error = await auth.apply(tagsRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toMatch(/could not reach the token endpoint .*ECONNREFUSED/);
    expect(clock.sleeps).toEqual([1000]);
    server = await startTestServer();
  });
});
