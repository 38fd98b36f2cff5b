/**
 * The container is how the runner and commands get their services, so a test (or a plugin)
 * replaces any of them by registering another provider: here the clock, logger, HTTP client,
 * budget, state store and destination are each swapped and seen in use.
 */
import { describe, expect, it } from "vitest";
import { CapturingSink, idleBudget, RecordingDestination } from "../test/fakes.js";
import type { HttpRequest, HttpResponse } from "./contracts/http.js";
import type { SourceDefinition } from "./contracts/source.js";
import type { Stream } from "./contracts/stream.js";
import { connectSource, createKernelContainer, provide, runSync } from "./container.js";
import { createLogger } from "./logging/logger.js";
import { PluginRegistry } from "./plugins/plugin-registry.js";
import { defaultConfiguredCatalog } from "./runner/catalog.js";
import { MemoryStateStore } from "./state/file-state-store.js";
import { FakeClock } from "./testing/fake-clock.js";
import {
  BUDGET_FACTORY,
  CLOCK,
  DESTINATION,
  HTTP_CLIENT_FACTORY,
  LOGGER,
  MESSAGE_SINK,
  SOURCE_DEFINITION,
  STATE_STORE,
  STREAM_SET,
  type BudgetFactory,
  type HttpClientFactory,
} from "./tokens.js";
import { systemClock } from "./util/system-clock.js";

/** A source whose connection is built only from what `connect` is given. */
const source: SourceDefinition = {
  name: "demo",
  configSchema: undefined as never,
  spec: () => ({ connectionSpecification: {} }) as never,
  parseConfig: (raw) => raw,
  async connect(_config, env) {
    const budget = env.createRateBudget!({ classes: [], clock: env.clock, logger: env.logger });
    const http = env.createHttpClient!({ authenticator: { apply: async (r) => r }, budget, clock: env.clock, logger: env.logger });
    return { baseUrl: "https://api.example.com", http, budget, check: async () => ({ ok: true }), stats: () => http.stats(), close: () => http.close() };
  },
};

/** Reads two pages through the connection's client, logs, and stamps each record with the clock. */
const stamped: Stream = {
  spec: { name: "stamped", jsonSchema: { type: "object" }, primaryKey: [["id"]], cursorField: ["n"] },
  async *read(ctx) {
    for (const n of [1, 2]) {
      const { body } = await ctx.http.getJson<{ id: number }>(`${ctx.baseUrl}/items/${n}`);
      ctx.logger.info(`read item ${n}`);
      yield { records: [{ ...body, at: ctx.clock.now() }], checkpoint: { n: String(n) } };
    }
  },
};

function fakeResponse(request: HttpRequest): HttpResponse {
  const id = Number(request.url.split("/").pop());
  const text = JSON.stringify({ id });
  return { status: 200, headers: {}, text, request, json: () => JSON.parse(text) };
}

describe("the kernel container", () => {
  it("provides working defaults: the system clock, the undici client, bottleneck budgets, the runner", () => {
    const container = createKernelContainer();
    expect(container.resolve(CLOCK)).toBe(systemClock);
    expect(typeof container.resolve(HTTP_CLIENT_FACTORY)).toBe("function");
    expect(typeof container.resolve(BUDGET_FACTORY)).toBe("function");
  });

  it("a provider registered by a plugin or test wins over the command's default (provide)", () => {
    const container = createKernelContainer();
    const mine = new MemoryStateStore();
    container.register(STATE_STORE, { useValue: mine });
    expect(provide(container, STATE_STORE, new MemoryStateStore())).toBe(mine);
    // Kernel defaults live in the parent: a command's provider replaces them.
    const clock = new FakeClock();
    expect(provide(container, CLOCK, clock)).toBe(clock);
  });

  it("the runner and connect resolve clock, logger, HTTP client, budget, state store and destination from it", async () => {
    const container = createKernelContainer();
    const registry = new PluginRegistry(container);
    await registry.add({ apiVersion: 1, name: "demo-source", version: "1", kind: "source", register: (c) => void c.register(SOURCE_DEFINITION, { useValue: source }) });
    await registry.add({
      apiVersion: 1,
      name: "demo-streams",
      version: "1",
      kind: "streams",
      register: (c) => void c.register(STREAM_SET, { useValue: { source: "demo", plugin: "demo-streams", streams: [stamped] } }),
    });

    // Swap every service.
    const clock = new FakeClock({ start: Date.UTC(2030, 0, 1) });
    const lines: string[] = [];
    const sent: string[] = [];
    const budgets: string[] = [];
    const stateStore = new MemoryStateStore();
    const destination = new RecordingDestination();
    const fakeHttp: HttpClientFactory = () => ({
      send: async (request) => (sent.push(request.url), fakeResponse(request)),
      getJson: async (url) => {
        sent.push(url);
        const response = fakeResponse({ method: "GET", url, headers: {} });
        return { body: response.json() as never, response };
      },
      stats: () => ({ requests: sent.length, retries: 0, rateLimitWaits: 0 }),
      close: async () => undefined,
    });
    const fakeBudget: BudgetFactory = (options) => (budgets.push(`classes:${options.classes.length}`), { ...idleBudget, snapshot: () => [] });
    container.register(CLOCK, { useValue: clock });
    container.register(LOGGER, { useValue: createLogger((_level, line) => lines.push(line), "info") });
    container.register(HTTP_CLIENT_FACTORY, { useValue: fakeHttp });
    container.register(BUDGET_FACTORY, { useValue: fakeBudget });
    container.register(STATE_STORE, { useValue: stateStore });
    container.register(DESTINATION, { useValue: destination });
    container.register(MESSAGE_SINK, { useValue: new CapturingSink() });

    const [demo] = registry.sources();
    await connectSource(container, demo, {}, { persistConfig: async () => undefined });
    const streams = new Map(registry.streamSets("demo").flatMap((set) => set.streams).map((s) => [s.spec.name, s]));
    const outcomes = await runSync(container, { streams, catalog: defaultConfiguredCatalog([stamped]), states: {}, config: {}, concurrency: 1 });

    expect(outcomes.map((o) => o.status)).toEqual(["succeeded"]);
    expect(sent).toEqual(["https://api.example.com/items/1", "https://api.example.com/items/2"]);
    expect(budgets).toEqual(["classes:0"]);
    expect(lines).toEqual(["read item 1", "read item 2"]);
    expect(destination.records.stamped).toEqual([{ id: 1, at: Date.UTC(2030, 0, 1) }, { id: 2, at: Date.UTC(2030, 0, 1) }]);
    expect(stateStore.snapshot()).toEqual({ stamped: { n: "2" } });
  });
});
