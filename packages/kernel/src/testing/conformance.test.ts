/**
 * The conformance kit on streams over an in-memory account: a correct stream (checkpointing per page,
 * or only at the end) passes every check, and each kind of broken stream fails the check meant for it.
 */
import { describe, expect, it } from "vitest";
import type { Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { silentLogger } from "../logging/logger.js";
import { type CheckName, checkStreamConformance, type ConformanceOptions } from "./conformance.js";
import { FakeClock } from "./fake-clock.js";

const NOW = Date.UTC(2026, 10, 1);
const START = "2020-01-01T00:00:00Z";
/** 30 records, one every ~10 days of 2026 (ISO cursor, second precision like Zendesk). */
const ACCOUNT: StreamRecord[] = Array.from({ length: 30 }, (_, i) => ({
  id: i + 1,
  name: `record ${i + 1}`,
  updated_at: new Date(Date.UTC(2026, 0, 1) + i * 10 * 86_400_000).toISOString().replace(".000Z", "Z"),
}));

const spec = {
  name: "widgets",
  jsonSchema: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" }, updated_at: { type: "string" } } },
  primaryKey: [["id"]],
  cursorField: ["updated_at"],
};

interface Behaviour {
  /** Records the "server" returns (default ACCOUNT). */
  records?: (state: StreamState | undefined) => unknown[];
  /** Which records the stream keeps of those (default: cursor >= state, as an incremental read). */
  keep?: (record: StreamRecord, since: string) => boolean;
  /** The checkpoint after a page (default: the newest cursor read so far, or the start). */
  checkpoint?: (newest: string, pageRecords: StreamRecord[]) => StreamState;
  /** Checkpoint after every page of this size (default), or only after the last page. */
  atEnd?: boolean;
}

/** A stream over ACCOUNT, sorted by cursor, 7 records a page; `behaviour` injects the defects. */
function widgetStream(behaviour: Behaviour = {}): Stream {
  return {
    spec,
    async *read(ctx: ReadContext) {
      const since = String(ctx.state?.updated_at ?? START);
      const all = (behaviour.records?.(ctx.state) ?? ACCOUNT) as StreamRecord[];
      const keep = behaviour.keep ?? ((r, s) => String(r.updated_at) >= s);
      const kept = all.filter((r) => r === null || typeof r !== "object" || keep(r, since));
      let newest = since;
      const checkpoint = behaviour.checkpoint ?? ((n: string) => ({ updated_at: n }));
      for (let i = 0; i < kept.length; i += 7) {
        const records = kept.slice(i, i + 7);
        for (const r of records) if (r && typeof r === "object" && String(r.updated_at) > newest) newest = String(r.updated_at);
        const page: Page = { records };
        if (!behaviour.atEnd) page.checkpoint = checkpoint(newest, records);
        yield page;
      }
      if (behaviour.atEnd) yield { records: [], checkpoint: checkpoint(newest, []) };
    },
  };
}

const context = (state: StreamState | undefined): ReadContext => ({
  config: { start_date: START },
  mode: state ? "incremental" : "full_refresh",
  state,
  http: undefined as never,
  baseUrl: "http://127.0.0.1:1",
  logger: silentLogger,
  clock: new FakeClock({ start: NOW }),
  signal: new AbortController().signal,
  progress: { page: () => undefined },
});

const check = (stream: Stream, options: Partial<ConformanceOptions> = {}) => checkStreamConformance(stream, { context, ...options });
const failed = (checks: Record<CheckName, string>) => Object.entries(checks).filter(([, v]) => v === "failed").map(([k]) => k);

describe("checkStreamConformance", () => {
  it("a correct stream that checkpoints per page passes every check, and every check ran", async () => {
    const report = await check(widgetStream());
    expect(report.problems).toEqual([]);
    expect(Object.values(report.checks).every((v) => v === "passed")).toBe(true);
    expect(Object.keys(report.checks)).toHaveLength(10);
    expect(report.records).toBe(30);
  });

  it("a correct stream that checkpoints only at the end passes, and is still resumed", async () => {
    const report = await check(widgetStream({ atEnd: true }));
    expect(report.problems).toEqual([]);
    expect(report.checks["cut-and-resume"]).toBe("not run: the stream checkpoints only after its last page");
    expect(report.checks["resume-from-final-state"]).toBe("passed");
    expect(report.checks["resume-from-earlier-state"]).toBe("passed");
  });

  it("fails a stream that reads the wrong records key (no records from an account that has data)", async () => {
    const report = await check(widgetStream({ records: () => [] }));
    expect(failed(report.checks)).toContain("non-empty");
    expect(report.problems[0]).toMatch(/read no records/);
  });

  it("accepts an empty account only when told why", async () => {
    const report = await check(widgetStream({ records: () => [] }), { empty: "the plan has no widgets" });
    expect(report.checks["non-empty"]).toBe("not run: the plan has no widgets");
    expect(report.problems).toEqual([]);
  });

  it("fails a stream that saves a state in the future (year 2099)", async () => {
    for (const atEnd of [false, true]) {
      const report = await check(widgetStream({ atEnd, checkpoint: () => ({ updated_at: "2099-01-01T00:00:00Z" }) }));
      expect(failed(report.checks)).toContain("state-not-in-future");
      expect(report.problems.join("\n")).toMatch(/2099-01-01T00:00:00Z/);
    }
  });

  it("fails a stream whose cursor never advances", async () => {
    for (const atEnd of [false, true]) {
      const report = await check(widgetStream({ atEnd, checkpoint: () => ({ updated_at: START }) }));
      expect(failed(report.checks)).toContain("state-reaches-data");
    }
  });

  it("fails a stream that ignores its state (reads everything again on resume)", async () => {
    const report = await check(widgetStream({ atEnd: true, keep: () => true }));
    expect(failed(report.checks)).toEqual(expect.arrayContaining(["resume-from-final-state", "resume-from-earlier-state"]));
  });

  it("fails a stream that checkpoints only at the end and loses records newer than its state on resume", async () => {
    // adds 15 days to the saved cursor, as a stream that adds the wrong offset would
    const later = (iso: string) => new Date(Date.parse(iso) + 15 * 86_400_000).toISOString();
    const report = await check(widgetStream({ atEnd: true, keep: (r, since) => String(r.updated_at) >= (since === START ? START : later(since)) }));
    expect(failed(report.checks)).toEqual(["resume-from-earlier-state"]);
    expect(report.problems[0]).toMatch(/lost \d+ of \d+ newer records/);
  });

  it("fails a paged stream whose checkpoint runs ahead of the page it read", async () => {
    const report = await check(widgetStream({ checkpoint: (newest) => ({ updated_at: new Date(Date.parse(newest) + 30 * 86_400_000).toISOString() }) }));
    expect(failed(report.checks)).toContain("cut-and-resume");
  });

  it("fails records that are not objects or lack the primary key", async () => {
    const broken = [...ACCOUNT.slice(0, 5), null, { name: "no id", updated_at: "2026-06-01T00:00:00Z" }];
    const report = await check(widgetStream({ records: () => broken }));
    expect(failed(report.checks)).toContain("records");
    expect(report.problems.join("\n")).toMatch(/1 records are not JSON objects/);
    expect(report.problems.join("\n")).toMatch(/1 records lack the primary key/);
  });

  it("fails a spec whose key is not in the schema", async () => {
    const stream = widgetStream();
    const report = await check({ ...stream, spec: { ...spec, primaryKey: [["uuid"]] } });
    expect(failed(report.checks)).toContain("spec");
  });

  it("keepsOlder relaxes only the 'no older record' half of the resume checks", async () => {
    const report = await check(widgetStream({ atEnd: true, keep: () => true }), { keepsOlder: "children side-loaded with their parent" });
    expect(report.problems).toEqual([]);
    expect(report.checks["resume-from-final-state"]).toMatch(/^passed \(lost records only/);
  });
});
