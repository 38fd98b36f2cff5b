import type { ErrorRule, HttpResponse, Verdict } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { reference } from "./__tests__/helpers.js";
import { zendeskErrorRules, type ErrorRulesConfig } from "./errors.js";

function response(status: number, body: unknown, path = "/api/v2/tickets"): HttpResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const request = { method: "GET" as const, url: `https://acme.zendesk.com${path}?page[size]=100`, headers: { authorization: "Bearer secret-token-1" } };
  return {
    status,
    headers: { "content-type": "application/json" },
    text,
    request,
    json: <T>() => JSON.parse(text) as T,
  };
}

function decide(rules: ErrorRule[], res: HttpResponse): Verdict | undefined {
  for (const rule of rules) {
    const verdict = rule(res);
    if (verdict) return verdict;
  }
  return undefined;
}

const apiToken: ErrorRulesConfig = { subdomain: "acme", credentials: { credentials: "api_token", email: "agent@example.com" } };
const refresh: ErrorRulesConfig = { subdomain: "acme", credentials: { credentials: "oauth2_refresh" } };
const legacy: ErrorRulesConfig = { subdomain: "acme", credentials: { credentials: "oauth2.0" } };

const INVALID_TOKEN = {
  error: "invalid_token",
  error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
};
const NO_ACCESS = {
  error: "Forbidden",
  description: "You do not have access to this page. Please contact the account owner of this help desk for further help.",
};

describe("zendeskErrorRules", () => {
  it("401 invalid_token with refreshable credentials → refresh_auth", () => {
    expect(decide(zendeskErrorRules(refresh), response(401, INVALID_TOKEN))).toMatchObject({ action: "refresh_auth" });
  });

  it("invalid_token with a legacy bearer → fail config_error (nothing to refresh)", () => {
    const verdict = decide(zendeskErrorRules(legacy), response(401, INVALID_TOKEN));
    expect(verdict).toMatchObject({ action: "fail", failureType: "config_error" });
    expect((verdict as { message: string }).message).toContain("re-authorise");
  });

  it("API token 401 → fail fast as config_error naming the email, never the token", () => {
    const verdict = decide(zendeskErrorRules(apiToken), response(401, { error: "Couldn't authenticate you" }));
    expect(verdict).toEqual({
      action: "fail",
      failureType: "config_error",
      message: expect.stringContaining("Zendesk rejected the API token for agent@example.com: check config.credentials.email and config.credentials.api_token"),
    });
    expect(JSON.stringify(verdict)).not.toContain("secret-token-1");
  });

  it("OAuth 401 without invalid_token → config_error", () => {
    expect(decide(zendeskErrorRules(refresh), response(401, { error: "Couldn't authenticate you" }))).toMatchObject({ action: "fail", failureType: "config_error" });
  });

  it.each([
    ["/api/v2/audit_logs", "Enterprise plan"],
    ["/api/v2/custom_roles.json", "Enterprise plan"],
    ["/api/v2/slas/policies", "Professional"],
    ["/api/v2/routing/attributes", "skills-based routing"],
    ["/api/v2/deleted_tickets", "view_deleted_tickets"],
    ["/api/v2/incremental/ticket_events", "admin"],
    ["/api/v2/groups", "admin role or a higher Zendesk plan"],
  ])("'You do not have access' on %s → skip the stream, naming the likely requirement", (path, hint) => {
    const verdict = decide(zendeskErrorRules(apiToken), response(403, NO_ACCESS, path));
    expect(verdict).toMatchObject({ action: "skip", scope: "stream" });
    const message = (verdict as { message: string }).message;
    expect(message).toContain(path);
    expect(message).toContain(hint);
    expect(message).toContain("the sync continues");
  });

  it("No help desk 404 → config_error naming the subdomain", () => {
    const verdict = decide(
      zendeskErrorRules({ ...apiToken, subdomain: "nosuch" }),
      response(404, { error: { title: "No help desk at nosuch.zendesk.com", message: "There is no help desk configured at this address." } }),
    );
    expect(verdict).toMatchObject({ action: "fail", failureType: "config_error" });
    expect((verdict as { message: string }).message).toBe('There is no Zendesk account at nosuch.zendesk.com: check config.subdomain ("nosuch").');
  });

  it("other 403 / 404 → fail config_error: check permissions or disable the stream", () => {
    for (const [status, body] of [
      [403, { error: { title: "Forbidden", message: "Access to this resource is restricted." } }],
      [404, { error: "RecordNotFound", description: "Not found" }],
      [403, ""],
    ] as const) {
      const verdict = decide(zendeskErrorRules(apiToken), response(status, body, "/api/v2/ticket_forms"));
      expect(verdict).toMatchObject({ action: "fail", failureType: "config_error" });
      expect((verdict as { message: string }).message).toContain(`Zendesk answered ${status}`);
      expect((verdict as { message: string }).message).toContain("/api/v2/ticket_forms: check permissions or disable the stream");
      expect((verdict as { message: string }).message).not.toContain("page[size]");
    }
  });

  it("a missing OAuth scope is named", () => {
    const verdict = decide(zendeskErrorRules(refresh), response(403, { error: "Forbidden", description: "You are missing the following required scopes: read" }));
    expect((verdict as { message: string }).message).toContain("lacks the scope: read");
  });

  it.each([200, 201, 429, 500, 502, 503, 504, 422, 400])("leaves %s to the kernel's built-in rules", (status) => {
    expect(decide(zendeskErrorRules(refresh), response(status, "upstream request timeout"))).toBeUndefined();
  });

  describe("on the synthetic Zendesk error bodies", () => {
    it("classifies each sample", () => {
      expect(decide(zendeskErrorRules(refresh), response(401, reference("responses/synthetic/error_401_invalid_token.json")))?.action).toBe("refresh_auth");
      expect(decide(zendeskErrorRules(apiToken), response(401, reference("responses/synthetic/error_401_api_token.json")))?.action).toBe("fail");
      expect(decide(zendeskErrorRules(apiToken), response(403, reference("responses/synthetic/error_403_no_access.json")))?.action).toBe("skip");
      expect(decide(zendeskErrorRules(apiToken), response(429, reference("responses/synthetic/error_429_incremental_export.json")))).toBeUndefined();
      expect(decide(zendeskErrorRules(apiToken), response(422, reference("responses/synthetic/error_422_side_conversations.json")))).toBeUndefined();
    });
  });
});
