/**
 * The Talk example against its fixture server, through the real Zendesk source
 * (`@calabi/auth-zendesk`: API-token credentials, error rules, rate classes) pointed at it with
 * `base_url`: exports read to the end by `count` (Talk's `next_page` is never null), resumed from
 * state without repeats, phone numbers paged, and the kernel's conformance kit on every stream.
 */
import { zendeskSource } from "@calabi/auth-zendesk";
import type { Stream } from "@calabi/kernel";
import { checkStreamConformance, lastCheckpoint, readStream, type TestConnection, testConnection } from "@calabi/kernel/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, legs, phoneNumbers, plugin, talkStreams } from "../src/index.js";
import { API_TOKEN, configFor, startTalkFixture, type TalkFixture } from "./fixture-server.js";

let fixture: TalkFixture;
beforeAll(async () => {
  fixture = await startTalkFixture();
});
afterAll(() => fixture.close());

const read = (stream: Stream<any, any>, options: { state?: Record<string, unknown>; config?: Record<string, unknown> } = {}) =>
  readStream(stream, { source: zendeskSource, config: configFor(fixture, options.config), ...(options.state ? { state: options.state } : {}) });
const ids = (records: Record<string, unknown>[]) => records.map((r) => r.id as number).sort((a, b) => a - b);

describe("calls and legs (Talk incremental exports)", () => {
  it.each([
    ["calls", calls, () => fixture.data.calls],
    ["legs", legs, () => fixture.data.legs],
  ] as const)("%s: every record once, and not one request past the last page", async (name, stream, truth) => {
    const before = fixture.server.requests.length;
    const result = await read(stream);
    expect(result.records).toHaveLength(truth().length);
    expect(ids(result.records)).toEqual(ids(truth()));
    // ceil(n / 1000) full-or-short pages, then stop on count < 1000 although next_page is set.
    const sent = fixture.server.requests.slice(before);
    expect(sent).toHaveLength(Math.ceil(truth().length / 1000));
    expect(sent[0]!.url).toBe(`/api/v2/channels/voice/stats/incremental/${name}.json?start_time=${Date.parse("2025-06-01T00:00:00Z") / 1000}`);
    expect(sent[1]!.url).toMatch(/start_time=\d+/);
    expect(sent.every((r) => r.headers.authorization?.startsWith("Basic "))).toBe(true);
    const newest = truth().map((r) => String(r.updated_at)).sort().at(-1);
    expect(lastCheckpoint(result)).toEqual({ updated_at: newest });
    expect(result.warnings).toEqual([]);
  });

  it("resumes from its state: start_time is the saved cursor, only newer records (and that second's) come", async () => {
    const cursor = "2026-01-08T00:00:00Z";
    const before = fixture.server.requests.length;
    const result = await read(calls, { state: { updated_at: cursor } });
    expect(fixture.server.requests[before]!.url).toMatch(new RegExp(`start_time=${Date.parse(cursor) / 1000}$`));
    const expected = fixture.data.calls.filter((c) => String(c.updated_at) >= cursor);
    expect(ids(result.records)).toEqual(ids(expected));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(fixture.data.calls.length);
  });

  it("a refused token is explained and never shown", async () => {
    const bad = read(calls, { config: { credentials: { credentials: "api_token", email: "talk-tests@example.com", api_token: "wrong-secret-999" } } });
    await expect(bad).rejects.toThrow(/401/);
    await expect(bad).rejects.not.toThrow(/wrong-secret-999/);
    await expect(bad).rejects.not.toThrow(new RegExp(API_TOKEN));
  });
});

describe("phone_numbers", () => {
  it("reads every number over next_page pages (full refresh)", async () => {
    const before = fixture.server.requests.length;
    const result = await read(phoneNumbers);
    expect(ids(result.records)).toEqual(ids(fixture.data.phone_numbers));
    expect(fixture.server.requests.slice(before).map((r) => r.url)).toEqual([
      "/api/v2/channels/voice/phone_numbers.json?per_page=100",
      "/api/v2/channels/voice/phone_numbers.json?per_page=100&page=2",
    ]);
    expect(phoneNumbers.spec.cursorField).toBeUndefined();
  });
});

describe("the plugin", () => {
  it("contributes its streams to the zendesk source", () => {
    const registered: unknown[] = [];
    plugin.register({ register: (_token: unknown, provider: { useValue: unknown }) => registered.push(provider.useValue) } as never);
    expect(registered).toEqual([{ source: "zendesk", plugin: "calabi-plugin-zendesk-talk", streams: talkStreams }]);
    expect(talkStreams.map((s) => s.spec.name)).toEqual(["calls", "legs", "phone_numbers"]);
  });
});

describe("the kernel's conformance kit", () => {
  let conn: TestConnection;
  beforeAll(async () => {
    conn = await testConnection({ source: zendeskSource, config: configFor(fixture), logLevel: "warn" });
  });
  afterAll(() => conn.close());

  it.each(talkStreams.map((s) => [s.spec.name, s] as const))("%s passes every check that applies", async (_name, stream) => {
    const report = await checkStreamConformance(stream, { context: (state) => conn.context(state) });
    expect(report.problems).toEqual([]);
    expect(report.checks["non-empty"]).toBe("passed");
    if (stream.spec.cursorField) {
      for (const check of ["cut-and-resume", "resume-from-final-state", "resume-from-earlier-state", "state-reaches-data"] as const) expect(report.checks[check]).toBe("passed");
    } else {
      expect(report.checks["cut-and-resume"]).toBe("not run: full-refresh stream (no cursor field)");
    }
    expect(conn.logs.filter((l) => l.level === "warn")).toEqual([]);
  });
});
