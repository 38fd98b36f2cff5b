import { ConfigError } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { reference } from "../__tests__/helpers.js";
import { parseConfig } from "./parse.js";
import { zendeskConfigSchema } from "./schema.js";

const SECRET = "s3cr3t-value-never-shown";

const apiToken = (extra: Record<string, unknown> = {}) => ({
  subdomain: "acme",
  credentials: { credentials: "api_token", email: "agent@example.com", api_token: SECRET },
  ...extra,
});

function problem(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the config to be rejected");
}

describe("Airbyte reference configs", () => {
  it.each(["sample_config_api_token.json", "sample_config_minimal.json", "sample_config_oauth2_legacy.json", "sample_config_oauth2_refresh.json"])(
    "accepts %s",
    (file) => {
      const raw = reference(`integration/${file}`);
      const config = parseConfig(raw);
      expect(config.subdomain).toBe("your-subdomain");
      expect(config.credentials.credentials).toBe((raw.credentials as { credentials: string }).credentials);
    },
  );

  it("keeps Airbyte's stored num_workers unchanged", () => {
    expect(parseConfig(reference("integration/sample_config_oauth2_refresh.json")).num_workers).toBe(4);
  });

  it("rejects invalid_config.json and says where email and api_token belong", () => {
    const raw = reference("integration/invalid_config.json");
    const message = problem(raw);
    expect(message).toContain("config.credentials is required");
    expect(message).toContain('"credentials": "api_token"');
    expect(message).not.toContain("<broken token>");
  });
});

describe("parseConfig", () => {
  it("applies defaults and keeps unknown fields", () => {
    const config = parseConfig(apiToken({ custom_field: { a: 1 } }));
    expect(config).toMatchObject({ num_workers: 3, ticket_search_lookback_days: 0, ignore_pagination: false });
    // Unset, ticket_comments sizes its pages itself; set, the size is fixed.
    expect(config.page_size).toBeUndefined();
    expect(config.start_date).toBeUndefined();
    expect((config as Record<string, unknown>).custom_field).toEqual({ a: 1 });
  });

  it("accepts ignore_pagination and base_url on loopback http", () => {
    const config = parseConfig(apiToken({ ignore_pagination: true, base_url: "http://127.0.0.1:8123" }));
    expect(config.base_url).toBe("http://127.0.0.1:8123");
    expect(parseConfig(apiToken({ base_url: "http://localhost:99/prefix" })).base_url).toBe("http://localhost:99/prefix");
    expect(parseConfig(apiToken({ base_url: "http://[::1]:99" })).base_url).toBe("http://[::1]:99");
    expect(parseConfig(apiToken({ base_url: "https://proxy.example.com" })).base_url).toBe("https://proxy.example.com");
  });

  it("accepts the three credential methods", () => {
    expect(parseConfig({ subdomain: "a", credentials: { credentials: "oauth2.0", access_token: SECRET } }).credentials.credentials).toBe("oauth2.0");
    const refresh = parseConfig({
      subdomain: "a-1",
      credentials: { credentials: "oauth2_refresh", client_id: "cid1", client_secret: SECRET, refresh_token: "rt-123", token_expiry_date: "2024-01-03T00:00:00.000000+00:00" },
    });
    expect(refresh.credentials.credentials).toBe("oauth2_refresh");
  });

  const bad: [string, unknown, string][] = [
    ["a full URL as subdomain", apiToken({ subdomain: "https://acme.zendesk.com/" }), 'config.subdomain must be the account name only, not a URL or host name: give only "acme"'],
    ["a host name as subdomain", apiToken({ subdomain: "acme.zendesk.com" }), 'give only "acme"'],
    ["a subdomain ending with a hyphen", apiToken({ subdomain: "acme-" }), "config.subdomain may contain only letters, digits and hyphens"],
    ["a 64-character subdomain", apiToken({ subdomain: "a".repeat(64) }), "config.subdomain must be at most 63 characters"],
    ["a missing subdomain", { credentials: apiToken().credentials }, "config.subdomain is required"],
    ["an api_token without email", { subdomain: "acme", credentials: { credentials: "api_token", api_token: SECRET } }, 'config.credentials.email is required for credentials "api_token"'],
    ["an oauth2_refresh without refresh_token", { subdomain: "acme", credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: SECRET } }, 'config.credentials.refresh_token is required for credentials "oauth2_refresh"'],
    ["a legacy oauth without access_token", { subdomain: "acme", credentials: { credentials: "oauth2.0", client_secret: SECRET } }, 'config.credentials.access_token is required for credentials "oauth2.0"'],
    ["an unknown credential method", { subdomain: "acme", credentials: { credentials: "password", password: SECRET } }, 'config.credentials.credentials must be one of "oauth2_refresh", "api_token", "oauth2.0" (got "password")'],
    ["no credential method", { subdomain: "acme", credentials: { api_token: SECRET } }, "config.credentials.credentials is required"],
    ["a date-only start_date", apiToken({ start_date: "2024-01-01" }), "config.start_date must look like YYYY-MM-DDTHH:mm:ssZ"],
    ["an impossible start_date", apiToken({ start_date: "2024-13-45T00:00:00Z" }), "config.start_date is not a real calendar date-time"],
    ["num_workers 0", apiToken({ num_workers: 0 }), "config.num_workers must be a whole number from 1 to 40"],
    ["num_workers 41", apiToken({ num_workers: 41 }), "config.num_workers must be a whole number from 1 to 40"],
    ["num_workers as a string", apiToken({ num_workers: "4" }), "config.num_workers must be a whole number from 1 to 40"],
    ["page_size 1001", apiToken({ page_size: 1001 }), "config.page_size must be a whole number from 1 to 1000"],
    ["a fractional page_size", apiToken({ page_size: 10.5 }), "config.page_size must be a whole number from 1 to 1000"],
    ["negative lookback", apiToken({ ticket_search_lookback_days: -1 }), "config.ticket_search_lookback_days must be a whole number of days, 0 or more"],
    ["ignore_pagination as a string", apiToken({ ignore_pagination: "yes" }), "config.ignore_pagination must be true or false"],
    ["base_url over plain http", apiToken({ base_url: "http://acme.zendesk.com" }), "config.base_url must use https (plain http is allowed only for loopback hosts"],
    ["base_url with a trailing slash", apiToken({ base_url: "https://acme.zendesk.com/" }), "config.base_url must not end with a slash"],
    ["base_url that is not a URL", apiToken({ base_url: "acme" }), "config.base_url must be an absolute URL"],
    ["base_url with credentials", apiToken({ base_url: `https://user:${SECRET}@acme.zendesk.com` }), "config.base_url must not contain a user name or password"],
    ["an empty api_token", { subdomain: "acme", credentials: { credentials: "api_token", email: "a@b.co", api_token: "" } }, "config.credentials.api_token must not be empty"],
    ["an email without @", { subdomain: "acme", credentials: { credentials: "api_token", email: "agent", api_token: SECRET } }, "config.credentials.email must be the Zendesk user's email address"],
    ["a bad token_expiry_date", { subdomain: "acme", credentials: { credentials: "oauth2_refresh", client_id: "cid", client_secret: SECRET, refresh_token: SECRET, token_expiry_date: "soon" } }, "config.credentials.token_expiry_date must be a date-time"],
    ["an array", [apiToken()], "the config must be a JSON object"],
  ];

  it.each(bad)("rejects %s with a clear message", (_name, raw, expected) => {
    const message = problem(raw);
    expect(message).toContain(expected);
    expect(message.startsWith("Invalid Zendesk config: ")).toBe(true);
    expect(message.endsWith(".")).toBe(true);
    expect(message).not.toContain("\n");
    expect(message).not.toContain(SECRET);
  });

  it("names every problem in one paragraph", () => {
    const message = problem({ subdomain: "acme.zendesk.com", credentials: { credentials: "api_token", api_token: SECRET }, num_workers: 99, start_date: "yesterday" });
    expect(message).toContain("config.subdomain");
    expect(message).toContain("config.credentials.email is required");
    expect(message).toContain("config.num_workers");
    expect(message).toContain("config.start_date");
    expect(message.split("; ")).toHaveLength(4);
  });

  it("never echoes a secret even when it sits in a field with an error", () => {
    const message = problem({ subdomain: "acme", credentials: { credentials: "oauth2.0", access_token: SECRET, client_id: "" }, num_workers: SECRET });
    expect(message).not.toContain(SECRET);
  });

  it("the zod schema alone also requires credentials", () => {
    expect(zendeskConfigSchema.safeParse({ subdomain: "acme" }).success).toBe(false);
  });
});

describe("secret registration", () => {
  it("parseConfig registers the secrets, not the expiry date", async () => {
    const { redactor } = await import("@calabi/kernel");
    parseConfig({
      subdomain: "acme",
      credentials: {
        credentials: "oauth2_refresh",
        client_id: "client-id-reg-1",
        client_secret: "client-secret-reg-1",
        refresh_token: "refresh-reg-1",
        access_token: "access-reg-1",
        token_expiry_date: "2031-02-03T04:05:06Z",
      },
    });
    expect(redactor.redact("client-id-reg-1 client-secret-reg-1 refresh-reg-1 access-reg-1 2031-02-03T04:05:06Z")).toBe(
      "*** *** *** *** 2031-02-03T04:05:06Z",
    );
  });

  it("even a rejected config's secrets are registered", async () => {
    const { redactor } = await import("@calabi/kernel");
    expect(() => parseConfig({ subdomain: "-", api_token: "stray-token-reg-2" })).toThrow(ConfigError);
    expect(redactor.redact("stray-token-reg-2")).toBe("***");
  });
});
