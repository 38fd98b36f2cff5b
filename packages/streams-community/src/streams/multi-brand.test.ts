import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guideFor, type GuideStreamName, type RunningSimulator } from "@calabi/zendesk-simulator";
import { lastState, latest, nonEmpty, readStream, simulator } from "../../test/harness.js";
import { postCommentVotes, postComments, postVotes, posts, topics } from "./index.js";

const ALL = [
  ["posts", posts],
  ["topics", topics],
  ["post_comments", postComments],
  ["post_votes", postVotes],
  ["post_comment_votes", postCommentVotes],
] as const;

describe("several brands with a Community", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ guide: { brands: 2, brandsWithoutHelpCenter: 1, postsPerBrand: 5 } });
  });
  afterAll(() => sim.close());

  it.each(ALL)("%s: read on every brand host, tagged with brand_id, equal to the ground truth", async (name, stream) => {
    const result = await readStream(stream, sim);
    expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth(name)));
    const g = guideFor(sim.sim);
    for (const r of result.records) expect(r.brand_id).toBe(g.brandIdOf(name as GuideStreamName, r.id as number));
    expect(new Set(result.records.map((r) => r.brand_id)).size).toBe(2);
  });

  it("post_votes keeps the posts parent state per brand inside parent_state", async () => {
    const result = await readStream(postVotes, sim);
    const state = lastState(result) as any;
    const ids = guideFor(sim.sim).brands.filter((b) => b.hasHelpCenter).map((b) => String(b.id));
    expect(Object.keys(state.parent_state.posts.brands).sort()).toEqual(ids.sort());
  });
});

describe("stop mid-way and resume", () => {
  it.each([
    ["post_votes", postVotes],
    ["post_comments", postComments],
    ["post_comment_votes", postCommentVotes],
  ] as const)("%s: stopping after the first brand's checkpoint and resuming gives the full result", async (name, stream) => {
    const sim = await simulator({ guide: { brands: 2, postsPerBrand: 6 } });
    try {
      const full = await readStream(stream, sim);
      let first: Awaited<ReturnType<typeof readStream>> | undefined;
      for (let pages = 1; pages <= full.pages && !first; pages++) {
        const attempt = await readStream(stream, sim, { stopAfterPages: pages });
        if (attempt.checkpoints.length > 0) first = attempt;
      }
      expect(first).toBeDefined();
      expect(first!.records.length).toBeLessThan(full.records.length);
      const rest = await readStream(stream, sim, { state: lastState(first!) });
      expect(latest([...first!.records, ...rest.records])).toEqual(nonEmpty(sim.groundTruth(name)));
      expect(rest.requests).toBeLessThan(full.requests);
    } finally {
      await sim.close();
    }
  });
});
