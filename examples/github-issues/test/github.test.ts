/**
 * The GitHub example against its fixture server, through its own source (token, rules, budget):
 * both repositories read, state per repository, rate limits waited out, bad credentials explained,
 * and the kernel's conformance kit on every stream (and on a deliberately broken one).
 */
import { ConfigError, type Stream } from "@calabi/kernel";
import { checkStreamConformance, FakeClock, lastCheckpoint, readStream, type TestConnection, testConnection } from "@calabi/kernel/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comments, githubSource, issues, parseConfig, plugin, streams } from "../src/index.js";
import { configFor, type GithubFixture, NOW, REPOSITORIES, startGithubFixture, TOKEN } from "./fixture-server.js";

let fixture: GithubFixture;
beforeAll(async () => {
  fixture = await startGithubFixture();
});
afterAll(() => fixture.close());

const read = (stream: Stream<any, any>, options: { state?: Record<string, unknown>; config?: Record<string, unknown>; clock?: FakeClock } = {}) =>
  readStream(stream, { source: githubSource, config: configFor(fixture, options.config), ...(options.state ? { state: options.state } : {}), ...(options.clock ? { clock: options.clock } : {}) });

const allIssues = () => REPOSITORIES.flatMap((repo) => fixture.data.issues.get(repo)!);
const allComments = () => REPOSITORIES.flatMap((repo) => fixture.data.comments.get(repo)!);

describe("issues", () => {
  it("reads every issue of both repositories, Link page by Link page, with the token", async () => {
    const before = fixture.server.requests.length;
    const result = await read(issues);
    expect(result.records.map((r) => r.id).sort()).toEqual(allIssues().map((i) => i.id).sort());
    expect(result.records.filter((r) => r.repository === "acme/widgets")).toHaveLength(130);
    const sent = fixture.server.requests.slice(before);
    // 130 issues → 2 pages of 100, 45 → 1 page; newest first, since = start_date.
    expect(sent.map((r) => new URL(r.url, "http://x").pathname)).toEqual(["/repos/acme/widgets/issues", "/repos/acme/widgets/issues", "/repos/acme/gadgets/issues"]);
    expect(sent[0]!.url).toMatch(/state=all&sort=updated&direction=desc&since=2025-01-01T00%3A00%3A00Z&per_page=100/);
    expect(sent.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // One checkpoint per repository, once its last page is read.
    expect(result.checkpoints).toHaveLength(2);
  });

  it("keeps one cursor per repository, and resumes each from its own", async () => {
    const first = await read(issues);
    const state = lastCheckpoint(first)!;
    const cursors = Object.fromEntries((state.states as any[]).map((s) => [s.partition.repository, s.cursor.updated_at]));
    const newest = (repo: string) => fixture.data.issues.get(repo)!.map((i) => i.updated_at).sort().at(-1);
    expect(cursors).toEqual({ "acme/widgets": newest("acme/widgets"), "acme/gadgets": newest("acme/gadgets") });
    const again = await read(issues, { state });
    // Only the records at each repository's last second come again (since is inclusive).
    expect(again.records.length).toBeGreaterThan(0);
    expect(again.records.every((r) => r.updated_at === cursors[r.repository as string])).toBe(true);
  });

  it("loses no issue when one is updated while the sync pages through the list (newest first)", async () => {
    const widgets = fixture.data.issues.get("acme/widgets")!;
    const original = widgets.map((i) => ({ ...i }));
    // After page 1 is served, an issue that page 2 would hold is updated: it jumps to the front.
    const moved = [...widgets].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id)[110]!;
    const movedAt = "2026-05-31T12:00:00Z";
    fixture.onIssuesPage = (repo, page) => {
      if (repo === "acme/widgets" && page === 1) moved.updated_at = movedAt;
    };
    try {
      const first = await read(issues);
      fixture.onIssuesPage = undefined;
      const second = await read(issues, { state: lastCheckpoint(first) });
      const seen = new Map([...first.records, ...second.records].map((r) => [r.id, r]));
      expect([...seen.keys()].sort()).toEqual(allIssues().map((i) => i.id).sort());
      expect(seen.get(moved.id)!.updated_at).toBe(movedAt);
    } finally {
      fixture.onIssuesPage = undefined;
      widgets.splice(0, widgets.length, ...original);
    }
  });

  it("waits out an exhausted rate limit until x-ratelimit-reset, then goes on", async () => {
    const clock = new FakeClock({ start: NOW, autoAdvance: true });
    fixture.exhaust(1, Math.floor(NOW / 1000) + 1800);
    const result = await read(issues, { clock });
    expect(result.records).toHaveLength(allIssues().length);
    expect(result.logs.map((l) => l.message).join("\n")).toMatch(/rate limited \(HTTP 403\), waiting 30\.0 min|rate limited \(HTTP 403\), waiting 1801/);
    expect(clock.now()).toBeGreaterThanOrEqual(NOW + 1800_000);
  });

  it("explains a refused token and an unknown repository, without ever showing the token", async () => {
    const badToken = "ghp_wrong_secret_987";
    const refused = read(issues, { config: { token: badToken } });
    await expect(refused).rejects.toThrow(/GitHub refused the token \(HTTP 401\): check `token`/);
    await expect(refused).rejects.not.toThrow(new RegExp(badToken));
    await expect(read(issues, { config: { repositories: ["acme/nope"] } })).rejects.toThrow(/HTTP 404 for \/repos\/acme\/nope\/issues: check that the repository in `repositories` exists/);
  });
});

describe("comments", () => {
  it("reads every comment of both repositories", async () => {
    const result = await read(comments);
    expect(result.records.map((r) => r.id).sort()).toEqual(allComments().map((c) => c.id).sort());
    expect(result.warnings).toEqual([]);
  });
});

describe("config, spec, plugin", () => {
  it("refuses a bad config in one paragraph naming each problem", () => {
    expect(() => parseConfig({ token: "", repositories: ["not a repo"] })).toThrow(ConfigError);
    expect(() => parseConfig({ token: "", repositories: ["not a repo"] })).toThrow(/token: .*; repositories\.0: a repository is "owner\/name"/);
    expect(parseConfig({ token: "t", repositories: ["a/b"] }).api_url).toBe("https://api.github.com");
  });

  it("marks the token secret in the spec, and registers the source with its streams", () => {
    const spec = githubSource.spec();
    expect((spec.connectionSpecification as any).properties.token.airbyte_secret).toBe(true);
    expect((spec.connectionSpecification as any).required).toEqual(["token", "repositories"]);
    const registered: unknown[] = [];
    plugin.register({ register: (_token: unknown, provider: { useValue: unknown }) => registered.push(provider.useValue) } as never);
    expect(registered).toEqual([githubSource, { source: "github", plugin: "calabi-plugin-github-issues", streams }]);
  });

  it("check succeeds for visible repositories and fails, in words, for others", async () => {
    const ok = await testConnection({ source: githubSource, config: configFor(fixture) });
    const bad = await testConnection({ source: githubSource, config: configFor(fixture, { repositories: ["acme/widgets", "acme/nope"] }) });
    try {
      expect(await ok.connection!.check()).toEqual({ ok: true });
      const failed = await bad.connection!.check();
      expect(failed.ok).toBe(false);
      expect(failed.message).toMatch(/\/repos\/acme\/nope/);
    } finally {
      await ok.close();
      await bad.close();
    }
  });
});

describe("the kernel's conformance kit", () => {
  let conn: TestConnection;
  beforeAll(async () => {
    conn = await testConnection({ source: githubSource, config: configFor(fixture), logLevel: "warn" });
  });
  afterAll(() => conn.close());

  it.each(streams.map((s) => [s.spec.name, s] as const))("%s passes every check that applies", async (_name, stream) => {
    const report = await checkStreamConformance(stream, { context: (state) => conn.context(state) });
    expect(report.problems).toEqual([]);
    expect(report.checks["non-empty"]).toBe("passed");
    expect(report.checks["cut-and-resume"]).toBe("passed");
    expect(report.checks["resume-from-final-state"]).toBe("passed");
    expect(report.checks["resume-from-earlier-state"]).toMatch(/^not run: .*per-partition state/);
  });

  it("fails a broken variant of issues that ignores its saved state", async () => {
    const forgetful: Stream = { spec: issues.spec, read: (ctx) => issues.read({ ...ctx, state: undefined }) };
    const report = await checkStreamConformance(forgetful, { context: (state) => conn.context(state) });
    expect(report.checks["resume-from-final-state"]).toBe("failed");
    expect(report.problems.join("\n")).toMatch(/resumed from its final state .* it read \d+ older records again/);
  });
});
