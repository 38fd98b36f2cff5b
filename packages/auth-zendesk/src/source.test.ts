import { ConfigError, HttpFailure, SOURCE_DEFINITION, SkipError, type ConnectEnvironment, type SourceDefinition } from "@calabi/kernel";
import { container } from "tsyringe";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock, memoryLogger, startTestServer, type RecordedRequest, type Reply, type TestServer } from "./__tests__/helpers.js";
import defaultPlugin, { plugin, zendeskSource } from "./index.js";
import { createZendeskSource, type ZendeskConnection } from "./source.js";
import type { ZendeskConfig } from "./config/schema.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const INVALID_TOKEN = { error: "invalid_token", error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons." };
const TAGS = { tags: [{ name: "vip", count: 3 }], meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { next: null, prev: null } };

let server: TestServer | undefined;
let connection: ZendeskConnection | undefined;
afterEach(async () => {
  await connection?.close();
  await server?.close();
  connection = undefined;
  server = undefined;
});

function environment(clock = new FakeClock(NOW)) {
  const logger = memoryLogger();
  const persisted: Record<string, unknown>[] = [];
  const env: ConnectEnvironment = {
    clock,
    logger,
    persistConfig: async (config) => {
      persisted.push(structuredClone(config));
    },
  };
  return { env, logger, persisted, clock };
}

async function connect(raw: Record<string, unknown>, handle: (r: RecordedRequest) => Reply, env = environment()) {
  server = await startTestServer(handle);
  const config = zendeskSource.parseConfig({ ...raw, base_url: server.baseUrl });
  connection = (await zendeskSource.connect(config, env.env)) as ZendeskConnection;
  return { connection, server, ...env };
}

const apiToken = { subdomain: "acme", credentials: { credentials: "api_token", email: "agent@example.com", api_token: "abc123" } };
const oauth = (extra: Record<string, unknown> = {}) => ({
  subdomain: "acme",
  credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: "csecret", refresh_token: "rt-0", ...extra },
});

/** Tags need `Bearer at-N` for the current N; /oauth/tokens rotates. */
function oauthServer(state = { generation: 0, refresh: "rt-0", access: "at-0" }) {
  return (r: RecordedRequest): Reply => {
    if (r.url === "/oauth/tokens") {
      if (r.form.refresh_token !== state.refresh) return { status: 400, body: { error: "invalid_grant" } };
      state.generation++;
      state.access = `at-${state.generation}`;
      state.refresh = `rt-${state.generation}`;
      return { status: 200, body: { access_token: state.access, refresh_token: state.refresh, token_type: "bearer", expires_in: 172800 } };
    }
    if (r.headers.authorization !== `Bearer ${state.access}`) return { status: 401, body: INVALID_TOKEN };
    return { status: 200, body: TAGS };
  };
}

describe("zendeskSource.connect + check (real kernel HTTP client, loopback server)", () => {
  it("api token: one GET /api/v2/tags?page[size]=1 with the exact Basic header", async () => {
    const { connection, server } = await connect(apiToken, () => ({ status: 200, body: TAGS }));
    expect(connection.baseUrl).toBe(server.baseUrl);
    expect(await connection.check()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe("/api/v2/tags?page[size]=1");
    expect(server.requests[0]!.headers.authorization).toBe("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46YWJjMTIz");
    expect(server.requests[0]!.headers["user-agent"]).toMatch(/^calabi-connect-zendesk\//);
    expect(connection.stats().requests).toBe(1);
  });

  it("api token 401: fails fast, one request, token endpoint never called, token never shown", async () => {
    const { connection, server } = await connect(apiToken, () => ({ status: 401, body: { error: "Couldn't authenticate you" } }));
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Bad credentials: Zendesk rejected the API token for agent@example.com: check config.credentials.email/);
    expect(result.message).not.toContain("abc123");
    expect(server.requests.map((r) => r.url)).toEqual(["/api/v2/tags?page[size]=1"]);
  });

  it("unknown subdomain: explains the 404 'No help desk'", async () => {
    const { connection } = await connect({ ...apiToken, subdomain: "nosuch" }, () => ({
      status: 404,
      body: { error: { title: "No help desk at nosuch.zendesk.com", message: "There is no help desk configured at this address." } },
    }));
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Unknown subdomain: There is no Zendesk account at 127\.0\.0\.1:\d+: check config.subdomain \("nosuch"\) and config.base_url\./);
  });

  it("403: insufficient permissions", async () => {
    const { connection } = await connect(apiToken, () => ({ status: 403, body: { error: "Forbidden", description: "You are missing the following required scopes: read" } }));
    expect((await connection.check()).message).toMatch(/^Insufficient permissions/);
  });

  it("'You do not have access' on tags: insufficient permissions", async () => {
    const { connection } = await connect(apiToken, () => ({ status: 403, body: { error: "Forbidden", description: "You do not have access to this page." } }));
    expect((await connection.check()).message).toContain("insufficient permissions");
  });

  it("nothing listening: connection refused (kernel retries on the fake clock)", async () => {
    const { connection, server } = await connect(apiToken, () => ({ status: 200, body: TAGS }));
    await server.close();
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check config.base_url/);
  });

  it("default rules reach streams: 'You do not have access' skips, a plain 403 fails as config_error", async () => {
    const { connection, server } = await connect(apiToken, (r) =>
      r.url.startsWith("/api/v2/audit_logs")
        ? { status: 403, body: { error: "Forbidden", description: "You do not have access to this page." } }
        : { status: 403, body: { error: { title: "Forbidden", message: "Access to this resource is restricted." } } },
    );
    const skip = await connection.http.getJson(`${server.baseUrl}/api/v2/audit_logs`).catch((e: unknown) => e);
    expect(skip).toBeInstanceOf(SkipError);
    expect((skip as Error).message).toContain("Enterprise plan");
    const fail = await connection.http.getJson(`${server.baseUrl}/api/v2/ticket_forms`).catch((e: unknown) => e);
    expect(fail).toBeInstanceOf(HttpFailure);
    expect((fail as HttpFailure).failureType).toBe("config_error");
  });

  it("oauth, expired token: exactly one POST /oauth/tokens, persisted, then data", async () => {
    const { connection, server, persisted } = await connect(oauth({ access_token: "at-0", token_expiry_date: "2026-11-25T11:00:00Z" }), oauthServer());
    expect(await connection.check()).toEqual({ ok: true });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /oauth/tokens", "GET /api/v2/tags?page[size]=1"]);
    expect(server.requests[1]!.headers.authorization).toBe("Bearer at-1");
    expect(persisted).toHaveLength(1);
    expect(persisted[0]!.credentials).toMatchObject({ access_token: "at-1", refresh_token: "rt-1", token_expiry_date: "2026-11-27T12:00:00.000Z" });
    expect(persisted[0]).not.toHaveProperty("num_workers"); // written back as the user wrote it
  });

  it("oauth, valid token: no refresh", async () => {
    const { connection, server, persisted } = await connect(oauth({ access_token: "at-0", token_expiry_date: "2026-11-26T12:00:00Z" }), oauthServer());
    expect(await connection.check()).toEqual({ ok: true });
    expect(server.requests.map((r) => r.url)).toEqual(["/api/v2/tags?page[size]=1"]);
    expect(persisted).toHaveLength(0);
  });

  it("oauth, 401 invalid_token on a locally valid token: exactly one refresh, then the retry succeeds", async () => {
    const state = { generation: 0, refresh: "rt-0", access: "revoked-elsewhere" };
    const { connection, server } = await connect(oauth({ access_token: "at-0", token_expiry_date: "2026-11-26T12:00:00Z" }), oauthServer(state));
    expect(await connection.check()).toEqual({ ok: true });
    expect(server.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual(["GET /api/v2/tags", "POST /oauth/tokens", "GET /api/v2/tags"]);
  });

  it("oauth, 401 again after the refresh: config error without a second refresh", async () => {
    const { connection, server } = await connect(oauth({ access_token: "at-0", token_expiry_date: "2026-11-26T12:00:00Z" }), (r) =>
      r.url === "/oauth/tokens"
        ? { status: 200, body: { access_token: "at-1", refresh_token: "rt-1", expires_in: 172800 } }
        : { status: 401, body: INVALID_TOKEN },
    );
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Bad credentials: /);
    expect(server.requests.filter((r) => r.url === "/oauth/tokens")).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it("oauth, concurrent requests with an expired token share one refresh", async () => {
    const { connection, server } = await connect(oauth(), oauthServer());
    const results = await Promise.all(Array.from({ length: 8 }, () => connection.http.getJson(`${server.baseUrl}/api/v2/tags?page[size]=1`)));
    expect(results).toHaveLength(8);
    expect(server.requests.filter((r) => r.url === "/oauth/tokens")).toHaveLength(1);
  });

  it("oauth, rejected refresh token: check explains that the connection must be re-authorised", async () => {
    const { connection } = await connect(oauth({ refresh_token: "rt-used" }), oauthServer());
    const result = await connection.check();
    expect(result.ok).toBe(false);
    expect(result.message).toContain("the refresh token was rejected: it was already used or revoked; re-authorise the connection");
    expect(result.message).not.toContain("rt-used");
  });

  it("close() is idempotent and stops the client", async () => {
    const { connection } = await connect(apiToken, () => ({ status: 200, body: TAGS }));
    await connection.close();
    await connection.close();
    await expect(connection.http.getJson(`${connection.baseUrl}/api/v2/tags`)).rejects.toThrow(/closed/);
  });
});

describe("createZendeskSource wiring", () => {
  it("passes authenticator, budget with Zendesk classes, rules and clock to the kernel factories", async () => {
    const seen: Record<string, any> = {};
    const waits: unknown[] = [];
    let listener: ((e: unknown) => void) | undefined;
    const source = createZendeskSource({
      factories: {
        createRateBudget: ((options: any) => {
          seen.budget = options;
          return {
            acquire: async () => {},
            observe: () => {},
            pause: () => {},
            onWait: (l: (e: unknown) => void) => {
              listener = l;
              return () => {
                listener = undefined;
              };
            },
            snapshot: () => [],
          };
        }) as any,
        createHttpClient: ((options: any) => {
          seen.http = options;
          return { send: async () => ({}), getJson: async () => ({}), stats: () => ({ requests: 7, retries: 0, rateLimitWaits: 0 }), close: async () => {} };
        }) as any,
      },
    });
    const { env } = environment();
    env.onBudgetWait = (e) => waits.push(e);
    const conn = await source.connect(source.parseConfig(apiToken), env);
    expect(conn.baseUrl).toBe("https://acme.zendesk.com");
    expect(seen.budget.classes.map((c: { name: string }) => c.name)).toEqual(["account", "help-center", "incremental-exports", "search-export", "deleted-tickets"]);
    expect(seen.budget.clock).toBe(env.clock);
    expect(seen.http.clock).toBe(env.clock);
    expect(seen.http.rules).toHaveLength(5);
    expect(typeof seen.http.authenticator.apply).toBe("function");
    expect(conn.stats()).toEqual({ requests: 7, retries: 0, rateLimitWaits: 0 });
    listener?.({ rateClass: "account", waitMs: 5, reason: "window" });
    expect(waits).toHaveLength(1);
    await conn.close();
    expect(listener).toBeUndefined();
  });

  it("connect() parses a raw config itself and rejects a bad one", async () => {
    const { env } = environment();
    await expect(createZendeskSource().connect({ subdomain: "x" } as unknown as ZendeskConfig, env)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("plugin", () => {
  it("is a source plugin registering the zendesk SourceDefinition", async () => {
    expect(defaultPlugin).toBe(plugin);
    expect(plugin).toMatchObject({ apiVersion: 1, name: "@calabi/auth-zendesk", kind: "source" });
    expect(plugin.version).toMatch(/^\d+\.\d+\.\d+/);
    const child = container.createChildContainer();
    await plugin.register(child);
    const definition = child.resolve<SourceDefinition>(SOURCE_DEFINITION);
    expect(definition).toBe(zendeskSource);
    expect(definition.name).toBe("zendesk");
    expect(definition.spec().connectionSpecification.required).toEqual(["subdomain"]);
    expect(definition.configSchema.safeParse(apiToken).success).toBe(true);
  });
});
