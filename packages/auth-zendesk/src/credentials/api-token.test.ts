import { redactor } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../__tests__/helpers.js";
import { parseConfig } from "../config/parse.js";
import { ApiTokenAuthenticator, basicAuthorization } from "./api-token.js";
import { createZendeskAuthenticator } from "./index.js";
import { LegacyBearerAuthenticator } from "./legacy-bearer.js";
import { OAuthRefreshAuthenticator } from "./oauth-refresh.js";

const request = { method: "GET" as const, url: "https://acme.zendesk.com/api/v2/tags", headers: { Accept: "application/json", Authorization: "old" } };

describe("ApiTokenAuthenticator", () => {
  it("sends Basic base64(email/token:api_token) exactly", async () => {
    const auth = new ApiTokenAuthenticator({ email: "agent@example.com", api_token: "abc123" });
    const applied = await auth.apply(request);
    expect(applied.headers).toEqual({ Accept: "application/json", authorization: "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46YWJjMTIz" });
    expect(basicAuthorization("agent@example.com", "abc123")).toBe("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46YWJjMTIz");
    expect(request.headers.Authorization).toBe("old"); // the input is not mutated
    expect("refresh" in auth).toBe(false);
  });

  it("registers the token and the header value with the redactor", () => {
    new ApiTokenAuthenticator({ email: "agent@example.com", api_token: "tok-redact-me-1" });
    const header = basicAuthorization("agent@example.com", "tok-redact-me-1");
    expect(redactor.redact(`token tok-redact-me-1 header ${header}`)).not.toMatch(/tok-redact-me-1|YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46dG9r/);
  });
});

describe("LegacyBearerAuthenticator", () => {
  it("sends the access token as Bearer and cannot refresh", async () => {
    const auth = new LegacyBearerAuthenticator({ access_token: "legacy-at-1" });
    expect((await auth.apply(request)).headers.authorization).toBe("Bearer legacy-at-1");
    expect("refresh" in auth).toBe(false);
    expect(redactor.redact("x legacy-at-1 y")).toBe("x *** y");
  });
});

describe("createZendeskAuthenticator", () => {
  const env = { clock: new FakeClock(), persistConfig: async () => {} };
  it("picks the authenticator from credentials.credentials", () => {
    expect(
      createZendeskAuthenticator(parseConfig({ subdomain: "a", credentials: { credentials: "api_token", email: "a@b.co", api_token: "t0k3n" } }), env),
    ).toBeInstanceOf(ApiTokenAuthenticator);
    expect(createZendeskAuthenticator(parseConfig({ subdomain: "a", credentials: { credentials: "oauth2.0", access_token: "t0k3n" } }), env)).toBeInstanceOf(
      LegacyBearerAuthenticator,
    );
    expect(
      createZendeskAuthenticator(
        parseConfig({ subdomain: "a", credentials: { credentials: "oauth2_refresh", client_id: "c", client_secret: "s3cret", refresh_token: "r3fresh" } }),
        env,
      ),
    ).toBeInstanceOf(OAuthRefreshAuthenticator);
  });
});

describe("credentials only travel over https or to loopback hosts", () => {
  const auth = new ApiTokenAuthenticator({ email: "agent@example.com", api_token: "abc123" });
  it.each(["http://acme.zendesk.com/api/v2/tags", "ftp://acme.zendesk.com/x", "/api/v2/tags"])("refuses %s", async (url) => {
    await expect(auth.apply({ ...request, url })).rejects.toThrow(/Refusing to send/);
  });
  it.each(["https://brand2.zendesk.com/api/v2/help_center/articles", "http://127.0.0.1:9/api/v2/tags", "http://localhost:9/x"])("allows %s", async (url) => {
    await expect(auth.apply({ ...request, url })).resolves.toMatchObject({ url });
  });
  it("applies to bearer tokens too", async () => {
    await expect(new LegacyBearerAuthenticator({ access_token: "legacy-at-2" }).apply({ ...request, url: "http://example.com/x" })).rejects.toThrow(
      /Refusing to send/,
    );
  });
});
