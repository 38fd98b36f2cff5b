import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guideFor, type RunningSimulator } from "@calabi/zendesk-simulator";
import { isPerPartitionState, SkipError } from "@calabi/kernel";
import { lastState, latest, nonEmpty, readStream, simulator } from "../../test/harness.js";
import { communityStreams, postCommentVotes, postComments, postVotes, posts, topics } from "./index.js";

const ALL = [
  ["posts", posts],
  ["topics", topics],
  ["post_comments", postComments],
  ["post_votes", postVotes],
  ["post_comment_votes", postCommentVotes],
] as const;

describe("Community streams against the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ guide: { postsPerBrand: 12 } });
  });
  afterAll(() => sim.close());

  it.each(ALL)("%s: a full read equals the ground truth", async (name, stream) => {
    const result = await readStream(stream, sim);
    expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth(name)));
    expect(result.records.length).toBe(sim.groundTruth(name).length);
  });

  it("offers five streams with Airbyte's names and cursors", () => {
    expect(communityStreams.map((s) => s.spec.name)).toEqual(ALL.map(([n]) => n));
    expect(communityStreams.every((s) => s.spec.cursorField?.[0] === "updated_at")).toBe(true);
  });

  it("posts: state {updated_at: unix}; topics: {updated_at: ISO}; post_comments add _airbyte_parent_id", async () => {
    const p = await readStream(posts, sim);
    expect(lastState(p).updated_at).toMatch(/^\d+$/);
    const t = await readStream(topics, sim);
    expect(lastState(t).updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const c = await readStream(postComments, sim);
    for (const r of c.records) expect(r._airbyte_parent_id).toEqual({ post_id: r.post_id, comment_id: r.id });
  });

  it("post_comment_votes: nested state parent_state.post_comments.parent_state.posts (ISO)", async () => {
    const result = await readStream(postCommentVotes, sim);
    const state = lastState(result) as any;
    expect(isPerPartitionState(state)).toBe(true);
    expect(state.states[0].partition).toEqual({ id: { post_id: expect.any(Number), comment_id: expect.any(Number) }, parent_slice: { post_id: expect.any(Number), parent_slice: {} } });
    expect(state.parent_state.post_comments.parent_state.posts.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("incremental after edits: only changed posts' children are read; the union equals the ground truth", async () => {
    const firsts = new Map<string, Awaited<ReturnType<typeof readStream>>>();
    for (const [name, stream] of ALL) firsts.set(name, await readStream(stream, sim));
    const cm = guideFor(sim.sim).community;
    const ids = [...cm.posts.keys()].sort((a, b) => a - b);
    const tick = () => sim.advanceClock(1_000);
    tick();
    cm.updatePost(ids[0], { title: "Edited" });
    tick();
    cm.addPostVote(ids[1]);
    tick();
    const comment = cm.addPostComment(ids[2]);
    tick();
    cm.addPostCommentVote(comment.id as number);
    tick();
    const created = cm.createPost(guideFor(sim.sim).brands[0]);
    tick();
    cm.addPostVote(created.id as number);
    tick();
    for (const [name, stream] of ALL) {
      const first = firsts.get(name)!;
      const second = await readStream(stream, sim, { state: lastState(first) });
      expect(latest([...first.records, ...second.records])).toEqual(nonEmpty(sim.groundTruth(name)));
      if (name === "post_votes") {
        expect(second.records.map((r) => r.item_id)).toEqual(expect.arrayContaining([ids[1], created.id]));
        expect(second.requests).toBeLessThan(first.requests);
      }
    }
  });
});

describe("refusals and a community that is not enabled", () => {
  it("a restricted or deleted post skips that partition only", async () => {
    const sim = await simulator();
    try {
      const cm = guideFor(sim.sim).community;
      const [a, b] = [...cm.posts.keys()].sort((x, y) => x - y);
      cm.setPostAccess(a, "forbidden");
      cm.setPostAccess(b, "missing");
      const result = await readStream(postVotes, sim);
      expect(latest(result.records)).toEqual(sim.groundTruth("post_votes").filter((v) => v.item_id !== a && v.item_id !== b));
      const comments = await readStream(postCommentVotes, sim);
      expect(latest(comments.records)).toEqual(
        sim.groundTruth("post_comment_votes").filter((v) => ![a, b].includes(cm.comments.get(v.item_id as number)!.post_id as number)),
      );
    } finally {
      await sim.close();
    }
  });

  it("community not enabled: every stream is skipped with a clear message", async () => {
    const sim = await simulator({ guide: { communityDisabled: true } });
    try {
      for (const [, stream] of ALL) {
        const error = await readStream(stream, sim).catch((e) => e);
        expect(error).toBeInstanceOf(SkipError);
        expect(error.message).toMatch(/Community is not available on .* \(HTTP 404\)/);
      }
    } finally {
      await sim.close();
    }
  });
});
