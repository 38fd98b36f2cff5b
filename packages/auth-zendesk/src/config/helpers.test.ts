import { describe, expect, it } from "vitest";
import { baseUrlProblem, isLoopbackHost, zendeskBaseUrl } from "./base-url.js";
import { defaultStartDate, startDateFor } from "./start-date.js";
import { subdomainProblem } from "./subdomain.js";

describe("zendeskBaseUrl", () => {
  it("defaults to https://{subdomain}.zendesk.com", () => {
    expect(zendeskBaseUrl({ subdomain: "acme" })).toBe("https://acme.zendesk.com");
  });
  it("uses base_url when set", () => {
    expect(zendeskBaseUrl({ subdomain: "acme", base_url: "http://127.0.0.1:4010" })).toBe("http://127.0.0.1:4010");
  });
});

describe("isLoopbackHost", () => {
  it.each(["localhost", "127.0.0.1", "127.255.3.4", "[::1]", "::1", "LOCALHOST"])("%s is loopback", (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(["128.0.0.1", "127.0.0", "127.0.0.256", "localhost.example.com", "10.0.0.1", "[::2]", "example.com"])("%s is not", (h) =>
    expect(isLoopbackHost(h)).toBe(false),
  );
});

describe("baseUrlProblem", () => {
  it("accepts https and loopback http", () => {
    expect(baseUrlProblem("https://acme.zendesk.com")).toBeUndefined();
    expect(baseUrlProblem("http://127.0.0.1:3000")).toBeUndefined();
  });
  it.each(["ftp://acme.zendesk.com", "https://acme.zendesk.com/?x=1", "https://acme.zendesk.com#x", "http://10.0.0.1"])("rejects %s", (u) =>
    expect(baseUrlProblem(u)).toBeDefined(),
  );
});

describe("subdomainProblem", () => {
  it.each(["acme", "a", "acme-support", "ACME9", "a".repeat(63)])("accepts %s", (s) => expect(subdomainProblem(s)).toBeUndefined());
  it("suggests the label from a URL", () => {
    expect(subdomainProblem("https://acme.zendesk.com/agent/tickets")).toContain('give only "acme"');
    expect(subdomainProblem("acme.zendesk.com")).toContain('give only "acme"');
  });
  it("does not echo URL credentials", () => {
    expect(subdomainProblem("https://me:hunter22@acme.zendesk.com")).not.toContain("hunter22");
  });
  it.each(["", "-acme", "acme_co", "ac me"])("rejects %j", (s) => expect(subdomainProblem(s)).toBeDefined());
});

describe("defaultStartDate", () => {
  const now = Date.parse("2026-11-25T12:34:56.789Z");
  it("is now minus 730 days, formatted like start_date", () => {
    expect(defaultStartDate(now)).toBe("2024-11-25T12:34:56Z");
    expect(defaultStartDate(new Date(now), "tickets")).toBe("2024-11-25T12:34:56Z");
  });
  it("is now minus 3650 days for audit_logs", () => {
    expect(defaultStartDate(now, "audit_logs")).toBe("2016-11-27T12:34:56Z");
  });
  it("startDateFor prefers the configured start_date", () => {
    expect(startDateFor({ start_date: "2020-10-15T00:00:00Z" }, now, "audit_logs")).toBe("2020-10-15T00:00:00Z");
    expect(startDateFor({}, now)).toBe("2024-11-25T12:34:56Z");
  });
});
