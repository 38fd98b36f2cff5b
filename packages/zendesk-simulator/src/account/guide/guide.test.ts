import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "undici";
import { startSimulator, type RunningSimulator } from "../../core/server.js";
import { guideFor } from "./guide.js";
import { contentBytes } from "./attachment-bytes.js";

const AUTH = { authorization: `Basic ${Buffer.from("a@example.com/token:t").toString("base64")}` };

async function get(sim: RunningSimulator, path: string, headers: Record<string, string> = {}) {
  const res = await request(sim.url + path, { headers: { ...AUTH, ...headers } });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : null };
}

describe("help center and community (simulator)", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, tickets: 20, anchor: "2026-06-01T00:00:00Z", guide: { brands: 2, brandsWithoutHelpCenter: 1, hostileAttachments: true } });
  });
  afterAll(() => sim.close());

  it("lists brands with their hosts", async () => {
    const r = await get(sim, "/api/v2/brands?page[size]=100");
    expect(r.status).toBe(200);
    expect(r.body.brands.map((b: any) => [b.subdomain, b.has_help_center])).toEqual(
      expect.arrayContaining([["acme", true], ["acme-docs", true], ["acme-labs", false]]),
    );
  });

  it("serves Help Center cursor pages: first/last links, next only with has_more, Link header, no .json", async () => {
    const first = await get(sim, "/api/v2/help_center/articles.json?page[size]=5");
    expect(first.body.articles).toHaveLength(5);
    expect(first.body.meta.has_more).toBe(true);
    expect(Object.keys(first.body.links).sort()).toEqual(["first", "last", "next"]);
    expect(first.body.links.next).not.toMatch(/\.json/);
    expect(first.headers.link).toBe(`<${first.body.links.next}>; rel="next"`);
    const second = await get(sim, first.body.links.next.slice(sim.url.length));
    expect(second.body.links.prev).toBeDefined();
    const all = [...first.body.articles];
    let page = first;
    while (page.body.meta.has_more) {
      page = await get(sim, page.body.links.next.slice(sim.url.length));
      all.push(...page.body.articles);
    }
    expect(page.body.links.next).toBeUndefined();
    const truth = sim.groundTruth("articles").filter((a) => guideFor(sim.sim).brandIdOf("articles", a.id as number) === guideFor(sim.sim).brands[0].id);
    expect(all.map((a) => a.id)).toEqual(truth.map((a) => a.id));
  });

  it("walks Help Center cursor pages backward: last, then prev while has_more; the last page has no next", async () => {
    const last = await get(sim, "/api/v2/help_center/articles?page[before]=bGFzdF9wYWdl&page[size]=5");
    expect(last.body.links.next).toBeUndefined();
    expect(last.headers.link).toBeUndefined();
    const all = [...last.body.articles];
    let page = last;
    while (page.body.meta.has_more) {
      expect(page.body.links.prev).toContain("page%5Bbefore%5D=");
      page = await get(sim, page.body.links.prev.slice(sim.url.length));
      all.unshift(...page.body.articles);
      expect(page.body.links.next).toContain("page%5Bafter%5D=");
    }
    expect(page.body.links.prev).toBeUndefined();
    const forward = await get(sim, "/api/v2/help_center/articles?page[size]=100");
    expect(all.map((a) => a.id)).toEqual(forward.body.articles.map((a: any) => a.id));
  });

  it("serves the second brand on its own host (Host header on loopback)", async () => {
    const r = await get(sim, "/api/v2/help_center/categories?page[size]=100", { host: "acme-docs.zendesk.com" });
    expect(r.body.categories.every((c: any) => c.url.startsWith("https://acme-docs.zendesk.com/"))).toBe(true);
    const none = await get(sim, "/api/v2/help_center/categories", { host: "acme-labs.zendesk.com" });
    expect(none.status).toBe(404);
  });

  it("serves offset pages, incremental articles and community aliases", async () => {
    const off = await get(sim, "/api/v2/help_center/sections.json");
    expect(off.body).toMatchObject({ page: 1, per_page: 30, sort_by: "position", sort_order: "asc" });
    const inc = await get(sim, "/api/v2/help_center/incremental/articles?start_time=0");
    expect(inc.body.articles.length).toBe(12);
    expect(inc.body.next_page).toBeNull();
    const posts = await get(sim, "/api/v2/community/posts?page[size]=100");
    expect(posts.body.posts.length).toBe(8);
    expect(posts.body.links.first).toContain("/api/v2/help_center/community/posts");
    const alias = await get(sim, "/api/v2/help_center/community/topics");
    expect(alias.body.topics).toHaveLength(3);
    // Community offset pages carry no sort_by/sort_order (recorded topics, real posts sample)
    expect(alias.body).not.toHaveProperty("sort_by");
    expect(Object.keys((await get(sim, "/api/v2/community/posts.json")).body).sort()).toEqual(["count", "next_page", "page", "page_count", "per_page", "posts", "previous_page"]);
  });

  it("redirects attachment downloads to the CDN, which serves the real bytes and refuses Authorization", async () => {
    const g = guideFor(sim.sim);
    const att = [...g.helpCenter.attachments.values()].find((a) => !g.helpCenter.attachmentMeta.get(a.id as number)!.redirect && !String(a.file_name).includes("/"))!;
    const path = new URL(att.content_url as string).pathname;
    const r = await request(sim.url + path, { headers: AUTH });
    expect(r.statusCode).toBe(302);
    const location = r.headers.location as string;
    expect(location.startsWith(sim.cdnUrl)).toBe(true);
    await r.body.dump();
    const file = await request(location);
    const bytes = Buffer.from(await file.body.arrayBuffer());
    const meta = g.helpCenter.attachmentMeta.get(att.id as number)!;
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(createHash("sha256").update(contentBytes(3, meta.content)).digest("hex"));
    expect(bytes.length).toBe(att.size);
    const leaked = await request(location, { headers: AUTH });
    expect(leaked.statusCode).toBe(400);
    await leaked.body.dump();
  });

  it("404s every Help Center endpoint when the Help Center is disabled", async () => {
    const off = await startSimulator({ seed: 3, tickets: 5, guide: { helpCenterDisabled: true } });
    try {
      expect((await get(off, "/api/v2/help_center/incremental/articles?start_time=0")).status).toBe(404);
      expect((await get(off, "/api/v2/community/posts")).status).toBe(404);
      expect(off.groundTruth("articles")).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
