/** End to end against @calabi/zendesk-simulator: real kernel HTTP client, budget, and Zendesk's token rotation. */
import { ConfigError, type ConnectEnvironment } from "@calabi/kernel";
import { startSimulator, type RunningSimulator } from "@calabi/zendesk-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock, memoryLogger } from "./__tests__/helpers.js";
import { zendeskSource, type ZendeskConnection } from "./index.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");

let sim: RunningSimulator | undefined;
let connections: ZendeskConnection[] = [];
afterEach(async () => {
  for (const c of connections) await c.close();
  connections = [];
  await sim?.close();
  sim = undefined;
});

async function start(credentials: NonNullable<Parameters<typeof startSimulator>[0]>["credentials"], extra: Record<string, unknown> = {}) {
  const clock = new FakeClock(NOW);
  sim = await startSimulator({ tickets: 5, seed: 7, clock: { now: () => clock.now() }, anchor: NOW - 3_600_000, credentials, ...extra });
  return clock;
}

async function connect(raw: Record<string, unknown>, clock: FakeClock) {
  const persisted: Record<string, unknown>[] = [];
  const env: ConnectEnvironment = {
    clock,
    logger: memoryLogger(),
    persistConfig: async (config) => {
      persisted.push(structuredClone(config));
    },
  };
  const connection = (await zendeskSource.connect(zendeskSource.parseConfig({ ...raw, base_url: sim!.url }), env)) as ZendeskConnection;
  connections.push(connection);
  return { connection, persisted };
}

const tokenPosts = () => sim!.requests().filter((r) => r.method === "POST" && r.path.startsWith("/oauth/tokens")).length;

describe("against the Zendesk simulator", () => {
  it("api token: check succeeds with the right token and explains a wrong one", async () => {
    const clock = await start({ apiTokens: [{ email: "agent@example.com", token: "good-token-1" }] });
    const ok = await connect({ subdomain: "acme", credentials: { credentials: "api_token", email: "agent@example.com", api_token: "good-token-1" } }, clock);
    expect(await ok.connection.check()).toEqual({ ok: true });
    const bad = await connect({ subdomain: "acme", credentials: { credentials: "api_token", email: "agent@example.com", api_token: "wrong-token-1" } }, clock);
    const result = await bad.connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain("Zendesk rejected the API token for agent@example.com");
    expect(result.message).not.toContain("wrong-token-1");
    expect(tokenPosts()).toBe(0);
  });

  it("check explains an unknown subdomain in plain words", async () => {
    const clock = await start(undefined, { subdomain: "nobody-here", unknownSubdomain: true });
    const { connection } = await connect({ subdomain: "nobody-here", credentials: { credentials: "api_token", email: "agent@example.com", api_token: "good-token-1" } }, clock);
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/no Zendesk account/i);
    expect(result.message).toContain("nobody-here");
  });

  it("oauth: refreshes, persists the rotated pair, refreshes again with it after expiry; the old refresh token is dead", async () => {
    const clock = await start({ oauthClients: [{ clientId: "cid", clientSecret: "csecret", refreshToken: "rt-start" }] });
    const raw = { subdomain: "acme", credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: "csecret", refresh_token: "rt-start" } };
    const { connection, persisted } = await connect(raw, clock);
    expect(await connection.check()).toEqual({ ok: true });
    expect(tokenPosts()).toBe(1);
    expect(persisted).toHaveLength(1);
    const first = persisted[0]!.credentials as Record<string, string>;
    expect(first.refresh_token).not.toBe("rt-start");
    expect(Date.parse(first.token_expiry_date!)).toBeGreaterThan(NOW);

    // Still valid: no refresh.
    expect(await connection.check()).toEqual({ ok: true });
    expect(tokenPosts()).toBe(1);

    // Past the expiry: one more refresh, with the rotated refresh token.
    const lifetime = Date.parse(first.token_expiry_date!) - NOW;
    clock.advance(lifetime);
    expect(await connection.check()).toEqual({ ok: true });
    expect(tokenPosts()).toBe(2);
    expect(persisted).toHaveLength(2);

    // A second connection from the stale config: its refresh token was already used.
    const stale = await connect(raw, clock);
    const result = await stale.connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain("the refresh token was rejected: it was already used or revoked; re-authorise the connection");
  });

  it("oauth: a persisted config resumes without refreshing", async () => {
    const clock = await start({ oauthClients: [{ clientId: "cid", clientSecret: "csecret", refreshToken: "rt-start" }] });
    const raw = { subdomain: "acme", credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: "csecret", refresh_token: "rt-start" } };
    const { connection, persisted } = await connect(raw, clock);
    expect(await connection.check()).toEqual({ ok: true });
    const resumed = await connect(persisted[0]!, clock);
    expect(await resumed.connection.check()).toEqual({ ok: true });
    expect(tokenPosts()).toBe(1);
  });

  it("oauth: concurrent requests through the kernel client share one refresh", async () => {
    const clock = await start({ oauthClients: [{ clientId: "cid", clientSecret: "csecret", refreshToken: "rt-start" }] });
    const { connection } = await connect(
      { subdomain: "acme", credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: "csecret", refresh_token: "rt-start" } },
      clock,
    );
    const results = await Promise.all(Array.from({ length: 6 }, () => connection.check()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(tokenPosts()).toBe(1);
  });
});
