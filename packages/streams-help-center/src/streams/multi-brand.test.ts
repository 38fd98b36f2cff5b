import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guideFor, type GuideStreamName, type RunningSimulator } from "@calabi/zendesk-simulator";
import { lastState, latest, nonEmpty, readStream, simulator, tempDir } from "../../test/harness.js";
import { articleAttachments, articleCommentVotes, articleComments, articleVotes, articles, categories, sections } from "./index.js";

const ALL = [
  ["articles", articles],
  ["sections", sections],
  ["categories", categories],
  ["article_attachments", articleAttachments],
  ["article_votes", articleVotes],
  ["article_comments", articleComments],
  ["article_comment_votes", articleCommentVotes],
] as const;

describe("several brands with Help Centers", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ guide: { brands: 3, brandsWithoutHelpCenter: 1, articlesPerBrand: 6, incrementalPageSize: 4 } });
  });
  afterAll(() => sim.close());

  it.each(ALL)("%s: every brand's Help Center is read on its own host; records carry brand_id", async (name, stream) => {
    const result = await readStream(stream, sim);
    expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth(name)));
    const g = guideFor(sim.sim);
    for (const r of result.records) expect(r.brand_id).toBe(g.brandIdOf(name as GuideStreamName, r.id as number));
    expect(new Set(result.records.map((r) => r.brand_id)).size).toBe(3);
  });

  it("requests for other brands go through base_url with their Host (no brand without a Help Center is read)", async () => {
    sim.sim.clearRequests();
    await readStream(categories, sim);
    const paths = sim.requests().map((r) => r.path);
    expect(paths.filter((p) => p.startsWith("/api/v2/help_center/categories"))).toHaveLength(3);
  });

  it("articles state: the account brand's cursor at the top level, every brand's under `brands`; incremental per brand", async () => {
    const first = await readStream(articles, sim);
    const state = lastState(first) as any;
    const g = guideFor(sim.sim);
    const hcBrands = g.brands.filter((b) => b.hasHelpCenter);
    expect(Object.keys(state.brands).sort()).toEqual(hcBrands.map((b) => String(b.id)).sort());
    expect(state.updated_at).toBe(state.brands[String(hcBrands[0].id)].updated_at);
    const maxOf = (brandId: number) =>
      String(Math.max(...sim.groundTruth("articles").filter((a) => g.brandIdOf("articles", a.id as number) === brandId).map((a) => Date.parse(a.updated_at as string) / 1000)));
    for (const b of hcBrands) expect(state.brands[String(b.id)].updated_at).toBe(maxOf(b.id));

    sim.advanceClock(2_000);
    const third = g.helpCenter.ofBrand(g.helpCenter.articles, hcBrands[2])[0];
    g.helpCenter.updateArticle(third.id as number, { title: "Changed on brand 3" });
    sim.advanceClock(2_000);
    const second = await readStream(articles, sim, { state });
    expect(second.records.map((r) => r.id)).toContain(third.id);
    expect(second.records.length).toBeLessThan(first.records.length);
    expect(latest([...first.records, ...second.records])).toEqual(nonEmpty(sim.groundTruth("articles")));
    // Airbyte-style state (no `brands`) applies to the account's brand only; other brands start over.
    const airbyte = await readStream(articles, sim, { state: { updated_at: state.updated_at } });
    const otherBrands = airbyte.records.filter((r) => r.brand_id !== hcBrands[0].id);
    expect(otherBrands.length).toBe(sim.groundTruth("articles").filter((a) => g.brandIdOf("articles", a.id as number) !== hcBrands[0].id).length);
  });

  it("attachments of every brand are downloaded through their brand host", async () => {
    const out = await tempDir();
    try {
      const result = await readStream(articleAttachments, sim, { output: out.dir });
      const brands = new Set(result.records.filter((r) => r.file_relative_path).map((r) => r.brand_id));
      expect(brands.size).toBe(3);
      expect(result.records.every((r) => r.file_download_error === undefined)).toBe(true);
    } finally {
      await out.cleanup();
    }
  });
});

describe("brands that cannot be read", () => {
  it("a brand whose Help Center answers 404 is skipped alone, with a WARN; the others are read", async () => {
    const sim = await simulator({ guide: { brands: 3, articlesPerBrand: 4, helpCenterOffForBrands: [1] } });
    try {
      const result = await readStream(articles, sim);
      expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth("articles")));
      expect(new Set(result.records.map((r) => r.brand_id)).size).toBe(2);
      expect(result.warnings.some((w) => /articles: brand acme-docs skipped: the Help Center is not available on acme-docs\.zendesk\.com \(HTTP 404\)/.test(w))).toBe(true);
      const votes = await readStream(articleVotes, sim);
      expect(latest(votes.records)).toEqual(nonEmpty(sim.groundTruth("article_votes")));
    } finally {
      await sim.close();
    }
  });

  it("when /brands is refused, the account's own Help Center is read alone (WARN)", async () => {
    const sim = await simulator({ guide: { brands: 2, articlesPerBrand: 4, brandsForbidden: true } });
    try {
      const result = await readStream(articles, sim);
      expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth("articles")));
      expect(result.records.every((r) => r.brand_id === undefined)).toBe(true);
      expect(result.warnings.some((w) => /Could not list brands .*reading the Help Center of acme only/.test(w))).toBe(true);
      expect(lastState(result)).toEqual({ updated_at: expect.stringMatching(/^\d+$/) });
    } finally {
      await sim.close();
    }
  });
});
