import { defineGuideChildStream, linksPaginator } from "@calabi/zendesk-common";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { zendeskSource } from "@calabi/auth-zendesk";
import { createFileStore, createLogger, defaultConfiguredCatalog, type Destination, MemoryStateStore, runStreams, type AirbyteMessage, type StreamRecord, systemClock } from "@calabi/kernel";
import { guideFor } from "@calabi/zendesk-simulator";
import { configFor, simulator, tempDir } from "../../test/harness.js";
import { helpCenterStreams } from "./index.js";
import { articlesAsParent } from "./articles.js";

function memoryDestination() {
  const records = new Map<string, StreamRecord[]>();
  const destination: Destination = {
    open: async () => undefined,
    write: async (stream, record) => void (records.get(stream) ?? records.set(stream, []).get(stream)!).push(record),
    flush: async () => undefined,
    endStream: async () => undefined,
    close: async () => undefined,
  };
  return { destination, records };
}

async function sync(simOptions: Parameters<typeof simulator>[0], output?: string) {
  const sim = await simulator(simOptions);
  const config = configFor(sim);
  const messages: AirbyteMessage[] = [];
  const logger = createLogger(() => undefined, "error");
  const connection = await zendeskSource.connect(config, { clock: systemClock, logger, persistConfig: async () => undefined });
  const { destination, records } = memoryDestination();
  try {
    const outcomes = await runStreams({
      streams: new Map(helpCenterStreams.map((s) => [s.spec.name, s])),
      catalog: defaultConfiguredCatalog(helpCenterStreams),
      states: {},
      destination,
      stateStore: new MemoryStateStore({}),
      sink: { emit: (m) => void messages.push(m) },
      connection,
      config,
      clock: systemClock,
      logger,
      concurrency: 3,
      ...(output ? { files: createFileStore(output) } : {}),
    });
    return { sim, outcomes, messages, records };
  } finally {
    await connection.close();
    await sim.close();
  }
}

describe("the Help Center streams in a sync (kernel runner)", () => {
  it("Help Center disabled: every stream is skipped with a WARN and nothing fails", async () => {
    const { outcomes, messages } = await sync({ guide: { helpCenterDisabled: true } });
    expect(outcomes.map((o) => o.status)).toEqual(Array(7).fill("skipped"));
    const warns = messages.filter((m) => m.type === "LOG" && m.log.level === "WARN").map((m) => (m as any).log.message as string);
    expect(warns).toHaveLength(7);
    expect(warns[0]).toMatch(/Stream "articles" skipped: the Help Center is not available on .* \(HTTP 404\)/);
    expect(messages.some((m) => m.type === "TRACE" && (m as any).trace.type === "ERROR")).toBe(false);
  });

  it("a sync with an output directory stores attachment files through the runner's FileStore", async () => {
    const out = await tempDir();
    try {
      const { outcomes, records } = await sync({ guide: { articlesPerBrand: 6 } }, out.dir);
      expect(outcomes.every((o) => o.status === "succeeded")).toBe(true);
      const attachments = records.get("article_attachments")!;
      expect(attachments.length).toBeGreaterThan(0);
      for (const a of attachments) {
        const bytes = await readFile(join(out.dir, a.file_relative_path as string));
        expect(bytes.length).toBe(a.size);
      }
    } finally {
      await out.cleanup();
    }
  });
});

describe("bounded per-partition state", () => {
  it("past maxPartitions the state collapses to the global cursor (use_global_cursor) and stays small", async () => {
    const sim = await simulator({ guide: { articlesPerBrand: 12 } });
    try {
      const votes = defineGuideChildStream({
        name: "article_votes",
        area: "Help Center",
        parent: articlesAsParent,
        schema: {},
        partition: (a) => ({ article_id: a.id, parent_slice: {} }),
        path: (a) => `help_center/articles/${a.id}/votes`,
        records: "votes",
        paginator: () => linksPaginator({ pageSize: 100 }),
        start: () => 0,
        maxPartitions: 3,
      });
      const { readStream } = await import("../../test/harness.js");
      const result = await readStream(votes, sim);
      const state = result.checkpoints[result.checkpoints.length - 1] as any;
      expect(state.use_global_cursor).toBe(true);
      expect(state.states).toEqual([]);
      expect(state.state.updated_at).toMatch(/^\d+$/);
      // Resuming from the collapsed state reads every partition from the global cursor.
      const again = await readStream(votes, sim, { state });
      const newest = Math.max(...sim.groundTruth("article_votes").map((v) => Date.parse(v.updated_at as string) / 1000));
      expect(again.records.every((v) => Date.parse(v.updated_at as string) / 1000 >= Number(state.state.updated_at))).toBe(true);
      expect(Number(state.state.updated_at)).toBe(newest);
      expect(guideFor(sim.sim).helpCenter.votes.size).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});

