import { ConfigError, ConnectorError, HttpFailure, SkipError, type HttpClient } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { CHECK_PATH, checkZendeskConnection, explainCheckFailure } from "./check.js";

const config = { subdomain: "acme" };
const baseUrl = "https://acme.zendesk.com";

function clientThatThrows(error: unknown): HttpClient {
  return {
    send: async () => Promise.reject(error),
    getJson: async () => Promise.reject(error),
  };
}

describe("checkZendeskConnection", () => {
  it("reads one page of tags of size 1", async () => {
    const urls: string[] = [];
    const http: HttpClient = {
      send: async () => Promise.reject(new Error("unused")),
      getJson: async <T>(url: string) => {
        urls.push(url);
        return { body: { tags: [] } as T, response: undefined as never };
      },
    };
    expect(await checkZendeskConnection({ http, config })).toEqual({ ok: true });
    expect(urls).toEqual([`${baseUrl}${CHECK_PATH}`]);
    expect(CHECK_PATH).toBe("/api/v2/tags?page[size]=1");
  });

  it("notices an answer that is not Zendesk's", async () => {
    const http: HttpClient = { send: async () => Promise.reject(new Error()), getJson: async <T>() => ({ body: "<html>" as T, response: undefined as never }) };
    const result = await checkZendeskConnection({ http, config: { subdomain: "acme", base_url: "https://proxy.example.com" } });
    expect(result.ok).toBe(false);
    expect(result.message).toContain("not like Zendesk");
  });

  it("turns a thrown error into ok:false with a message", async () => {
    const result = await checkZendeskConnection({ http: clientThatThrows(new HttpFailure("Zendesk rejected the API token for a@b.co: check …", "config_error", 401, "/api/v2/tags")), config });
    expect(result).toEqual({ ok: false, message: "Bad credentials: Zendesk rejected the API token for a@b.co: check …" });
  });
});

describe("explainCheckFailure", () => {
  const explain = (e: unknown, c: { subdomain: string; base_url?: string } = config) => explainCheckFailure(e, baseUrl, c);

  it("401 → bad credentials", () => {
    expect(explain(new HttpFailure("Zendesk rejected the API token for a@b.co", "config_error", 401, "/api/v2/tags"))).toMatch(/^Bad credentials: /);
  });
  it("404 No help desk → unknown subdomain", () => {
    expect(explain(new HttpFailure('There is no Zendesk account at acme.zendesk.com: check config.subdomain ("acme").', "config_error", 404, "/x"))).toMatch(
      /^Unknown subdomain: There is no Zendesk account at acme\.zendesk\.com/,
    );
  });
  it("other 404 → names the host and the field to check", () => {
    expect(explain(new HttpFailure("nope", "config_error", 404, "/x"), { subdomain: "acme", base_url: baseUrl })).toBe(
      "Zendesk answered 404 for /api/v2/tags at acme.zendesk.com: check config.base_url.",
    );
  });
  it("403 and 'You do not have access' → insufficient permissions", () => {
    expect(explain(new HttpFailure("forbidden", "config_error", 403, "/x"))).toMatch(/^Insufficient permissions/);
    expect(explain(new SkipError("stream", "no access", 403))).toContain("insufficient permissions");
  });
  it("unresolvable host (kernel message or error code) → DNS explanation", () => {
    expect(explain(new HttpFailure("could not resolve host acme.zendesk.com (GET /api/v2/tags): check…", "config_error", undefined, "/api/v2/tags"))).toMatch(
      /^Cannot resolve acme\.zendesk\.com \(ENOTFOUND\): check config\.subdomain \("acme"\), and that this machine has network access/,
    );
    expect(explain(Object.assign(new Error("getaddrinfo ENOTFOUND acme.zendesk.com"), { code: "ENOTFOUND" }))).toMatch(/^Cannot resolve/);
  });
  it("refused connection (after the kernel's retries) → ECONNREFUSED explanation", () => {
    const failure = new HttpFailure(
      "GET /api/v2/tags failed 8 times (last: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9): the server or the network kept failing",
      "transient_error",
      undefined,
      "/api/v2/tags",
    );
    expect(explain(failure)).toMatch(/^Connection refused by acme\.zendesk\.com \(ECONNREFUSED\)/);
    expect(explain(new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toMatch(/^Connection refused/);
  });
  it("a refresh ConfigError is passed through as is", () => {
    expect(explain(new ConfigError("Zendesk OAuth: the refresh token was rejected"))).toBe("Zendesk OAuth: the refresh token was rejected");
  });
  it("anything else keeps its message", () => {
    expect(explain(new ConnectorError("boom"))).toBe("The connection check failed: boom");
    expect(explain(new HttpFailure("HTTP 500 x5", "transient_error", 500, "/x"))).toBe("The connection check failed: HTTP 500 x5");
  });
});
