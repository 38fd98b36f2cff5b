import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guideFor, type RunningSimulator } from "@calabi/zendesk-simulator";
import { isPerPartitionState, SkipError } from "@calabi/kernel";
import { lastState, latest, nonEmpty, readStream, simulator } from "../../test/harness.js";
import { articleAttachments, articleCommentVotes, articleComments, articleVotes, articles, categories, helpCenterStreams, sections } from "./index.js";

const ALL = [
  ["articles", articles],
  ["sections", sections],
  ["categories", categories],
  ["article_attachments", articleAttachments],
  ["article_votes", articleVotes],
  ["article_comments", articleComments],
  ["article_comment_votes", articleCommentVotes],
] as const;

describe("Help Center streams against the simulator (one brand)", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ guide: { articlesPerBrand: 14, incrementalPageSize: 5 } });
  });
  afterAll(() => sim.close());

  it.each(ALL)("%s: a full read equals the ground truth", async (name, stream) => {
    const result = await readStream(stream, sim);
    expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth(name)));
    expect(result.records.length).toBe(sim.groundTruth(name).length);
  });

  it("offers seven streams with Airbyte's names, keys and cursors", () => {
    expect(helpCenterStreams.map((s) => s.spec.name)).toEqual(ALL.map(([n]) => n));
    expect(sections.spec.cursorField).toBeUndefined();
    expect(articles.spec.cursorField).toEqual(["updated_at"]);
    expect(articleVotes.spec.parents).toEqual(["articles"]);
    expect(articleCommentVotes.spec.parents).toEqual(["article_comments"]);
  });

  it("articles: state {updated_at: unix string}; the export is paged by next_page and the same second is not duplicated", async () => {
    const result = await readStream(articles, sim);
    const state = lastState(result);
    const max = Math.max(...sim.groundTruth("articles").map((a) => Date.parse(a.updated_at as string) / 1000));
    expect(state).toEqual({ updated_at: String(max) });
    expect(result.pages).toBeGreaterThan(2);
    expect(new Set(result.records.map((r) => r.id)).size).toBe(result.records.length);
    expect(result.records.every((r) => r.brand_id === guideFor(sim.sim).brands[0].id)).toBe(true);
  });

  it("article_comments add _airbyte_parent_id; outdated booleans are kept as returned", async () => {
    const comments = await readStream(articleComments, sim);
    for (const c of comments.records) expect(c._airbyte_parent_id).toEqual({ article_id: c.source_id, comment_id: c.id });
    const cats = await readStream(categories, sim);
    expect(cats.records.some((c) => c.outdated === true)).toBe(true);
    expect(cats.records.every((c) => typeof c.outdated === "boolean")).toBe(true);
  });

  it("article_comment_votes: per-partition state nests parent_state article_comments → articles", async () => {
    const result = await readStream(articleCommentVotes, sim);
    const state = lastState(result) as any;
    expect(isPerPartitionState(state)).toBe(true);
    expect(state.use_global_cursor).toBe(false);
    expect(state.states.length).toBeGreaterThan(0);
    expect(state.states[0].partition).toEqual({ id: { article_id: expect.any(Number), comment_id: expect.any(Number) }, parent_slice: { article_id: expect.any(Number), parent_slice: {} } });
    expect(state.states[0].cursor.updated_at).toMatch(/^\d+$/);
    expect(isPerPartitionState(state.parent_state.article_comments)).toBe(true);
    expect(state.parent_state.article_comments.parent_state.articles.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it.each([
    ["article_votes", articleVotes],
    ["article_comments", articleComments],
    ["article_comment_votes", articleCommentVotes],
    ["article_attachments", articleAttachments],
  ] as const)("%s: stopping after one page and resuming from its state gives the full result", async (name, stream) => {
    const first = await readStream(stream, sim, { stopAfterPages: 1 });
    const state = lastState(first);
    expect(state).toBeDefined();
    const rest = await readStream(stream, sim, { state });
    expect(latest([...first.records, ...rest.records])).toEqual(nonEmpty(sim.groundTruth(name)));
    // The resume did not start over: the first page's articles were not listed again.
    expect(rest.requests).toBeLessThan((await readStream(stream, sim)).requests);
  });
});

describe("incremental Help Center syncs after edits", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ anchor: undefined, guide: { articlesPerBrand: 10, incrementalPageSize: 4 } });
  });
  afterAll(() => sim.close());

  it("reads only what changed and ends equal to the ground truth", async () => {
    const firsts = new Map<string, Awaited<ReturnType<typeof readStream>>>();
    for (const [name, stream] of ALL) firsts.set(name, await readStream(stream, sim));
    const hc = guideFor(sim.sim).helpCenter;
    sim.advanceClock(5_000);
    const ids = [...hc.articles.keys()].sort((a, b) => a - b);
    // Edits a second apart, as on a real account (a full page of one second is the export's trap).
    const tick = () => sim.advanceClock(1_000);
    hc.updateArticle(ids[0], { title: "Edited" });
    tick();
    hc.addArticleVote(ids[1], -1);
    tick();
    const comment = hc.addArticleComment(ids[2]);
    tick();
    hc.addCommentVote(comment.id as number);
    tick();
    const oldComment = [...hc.comments.values()].find((c) => c.source_id !== ids[2])!;
    hc.addCommentVote(oldComment.id as number);
    tick();
    hc.addAttachment(ids[3], { name: "new.pdf", type: "application/pdf", size: 1234 });
    tick();
    const created = hc.createArticle(guideFor(sim.sim).brands[0]);
    tick();
    hc.addArticleVote(created.id as number);
    sim.advanceClock(5_000);
    for (const [name, stream] of ALL) {
      const first = firsts.get(name)!;
      const state = stream.spec.cursorField ? lastState(first) : undefined;
      const second = await readStream(stream, sim, { state });
      expect(latest([...first.records, ...second.records])).toEqual(nonEmpty(sim.groundTruth(name)));
      if (name === "article_votes") {
        // Only the changed articles' partitions are read (their boundary second may come again).
        const items = new Set(second.records.map((r) => r.item_id));
        expect(items).toContain(ids[1]);
        expect(items).toContain(created.id);
        expect(second.requests).toBeLessThan(first.requests);
      }
      if (name === "articles") expect(second.records.length).toBeLessThan(8);
    }
  });
});

describe("refused parents, Help Center disabled", () => {
  it("a restricted (403) or vanished (404) article skips that partition only", async () => {
    const sim = await simulator({ guide: { articlesPerBrand: 8 } });
    try {
      const hc = guideFor(sim.sim).helpCenter;
      const [a, b] = [...hc.articles.keys()].sort((x, y) => x - y);
      hc.setArticleAccess(a, "forbidden");
      hc.setArticleAccess(b, "missing");
      const result = await readStream(articleVotes, sim);
      const expected = sim.groundTruth("article_votes").filter((v) => v.item_id !== a && v.item_id !== b);
      expect(latest(result.records)).toEqual(expected);
      expect(result.warnings.filter((w) => /skipped/.test(w))).toHaveLength(2);
      const state = lastState(result) as any;
      expect(state.parent_state.articles.updated_at).toBeDefined();
    } finally {
      await sim.close();
    }
  });

  it("Help Center disabled: every stream is skipped (SkipError scope stream, clear message)", async () => {
    const sim = await simulator({ guide: { helpCenterDisabled: true } });
    try {
      for (const [, stream] of ALL) {
        const error = await readStream(stream, sim).catch((e) => e);
        expect(error).toBeInstanceOf(SkipError);
        expect(error.scope).toBe("stream");
        expect(error.message).toMatch(/Help Center is not available on .* \(HTTP 404\)/);
      }
    } finally {
      await sim.close();
    }
  });
});
