import { describe, expect, it } from "vitest";
import type { ErrorRule, HttpResponse } from "../contracts/http.js";
import { classify, unexpectedStatusMessage } from "./classify.js";

const response = (status: number, text: string): HttpResponse => ({
  status,
  headers: {},
  text,
  request: { method: "GET", url: "https://acme.zendesk.com/api/v2/tickets.json", headers: {} },
  json: () => JSON.parse(text),
});

// Rules in the style of Zendesk's default chain: they match on body text.
const bodyRules: ErrorRule[] = [
  (r) => (r.text.includes("invalid_token") ? { action: "refresh_auth", reason: "expired" } : undefined),
  (r) => (r.text.includes("You do not have access") ? { action: "skip", scope: "stream", message: "no access" } : undefined),
];

describe("classify", () => {
  it("a 2xx is a success even when records quote the words the error rules look for", () => {
    const body = JSON.stringify({ tickets: [{ id: 1, description: "Customer sees 'You do not have access' and invalid_token" }] });
    expect(classify(response(200, body), [bodyRules])).toEqual({ action: "success" });
  });

  it("the same words in an error response decide the verdict", () => {
    expect(classify(response(401, '{"error":"invalid_token"}'), [bodyRules])).toMatchObject({ action: "refresh_auth" });
    expect(classify(response(403, '{"error":{"message":"You do not have access to this page"}}'), [bodyRules])).toMatchObject({ action: "skip" });
  });

  it("falls back to the built-in tail", () => {
    expect(classify(response(429, ""), [bodyRules])).toMatchObject({ action: "rate_limited" });
    expect(classify(response(503, ""), [bodyRules])).toMatchObject({ action: "retry" });
    expect(classify(response(418, "teapot"), [bodyRules])).toMatchObject({ action: "fail", failureType: "system_error" });
  });

  it("describes a redirect as a redirect, naming where it points (without its query)", () => {
    const redirect = { ...response(302, ""), headers: { location: "https://login.example.com/sso?token=secret" } };
    const message = unexpectedStatusMessage(redirect);
    expect(message).toMatch(/returned HTTP 302: the server redirected the request to https:\/\/login\.example\.com\/sso;/);
    expect(message).not.toMatch(/secret|refused/);
    expect(unexpectedStatusMessage(response(301, ""))).toMatch(/redirected the request to another address \(no Location header\)/);
  });
});
