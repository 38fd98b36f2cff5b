import { describe, expect, it } from "vitest";
import type { HttpClient } from "@calabi/kernel";
import { allowedDownloadTarget, brandHost } from "./brand-hosts.js";

const http = { send: async () => ({}) } as unknown as HttpClient;

describe("brand hosts", () => {
  it("without base_url each brand has its own https host and no Host override", () => {
    const h = brandHost({ subdomain: "acme" }, 2, "acme-docs", http);
    expect(h).toMatchObject({ baseUrl: "https://acme-docs.zendesk.com", host: "acme-docs.zendesk.com" });
    expect(h.hostHeader).toBeUndefined();
    expect(h.resolve("https://acme-docs.zendesk.com/hc/article_attachments/1/a.pdf")).toEqual({ method: "GET", url: "https://acme-docs.zendesk.com/hc/article_attachments/1/a.pdf", headers: {} });
  });

  it("with base_url every brand goes through it with its Host header (none for the account's brand)", () => {
    const config = { subdomain: "acme", base_url: "http://127.0.0.1:9000" };
    expect(brandHost(config, 1, "acme", http).hostHeader).toBeUndefined();
    const docs = brandHost(config, 2, "acme-docs", http);
    expect(docs).toMatchObject({ baseUrl: "http://127.0.0.1:9000", hostHeader: "acme-docs.zendesk.com" });
    expect(docs.resolve("https://acme-docs.zendesk.com/hc/article_attachments/1/a.pdf?x=1")).toEqual({
      method: "GET",
      url: "http://127.0.0.1:9000/hc/article_attachments/1/a.pdf?x=1",
      headers: { host: "acme-docs.zendesk.com" },
    });
    expect(docs.resolve("https://acme.zendesk.com/hc/x").headers).toEqual({});
  });

  it("download redirects: https to the account's Zendesk hosts and Zendesk's CDNs only", () => {
    const allow = allowedDownloadTarget({ subdomain: "acme" }, ["acme-docs.zendesk.com"]);
    expect(allow(new URL("https://acme.zendesk.com/x"))).toBe(true);
    expect(allow(new URL("https://acme-docs.zendesk.com/x"))).toBe(true);
    expect(allow(new URL("https://p1.zdusercontent.com/attachment/1?token=x"))).toBe(true);
    expect(allow(new URL("https://other-company.zendesk.com/x"))).toBe(false);
    expect(allow(new URL("http://acme.zendesk.com/x"))).toBe(false);
    expect(allow(new URL("https://evil.example.net/x"))).toBe(false);
    expect(allow(new URL("https://zdusercontent.com.evil.net/x"))).toBe(false);
    const test = allowedDownloadTarget({ subdomain: "acme", base_url: "http://127.0.0.1:9000" });
    expect(test(new URL("http://127.0.0.1:9123/files/1"))).toBe(true);
    expect(test(new URL("http://169.254.169.254/latest/meta-data/"))).toBe(false);
  });
});
