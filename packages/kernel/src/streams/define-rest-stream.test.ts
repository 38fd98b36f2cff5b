import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeHttp, fixedClock } from "../../test/fakes.js";
import type { HttpResponse, HttpRequest } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import type { Page, ReadContext } from "../contracts/stream.js";
import { createLogger } from "../logging/logger.js";
import { defineRestStream } from "./define-rest-stream.js";

/** A minimal paginator for these tests: follows `next` in the body. */
const followNext = (): Paginator => ({
  first: (request: HttpRequest) => request,
  next: (_response: HttpResponse, body: any) => (body.next ? { method: "GET", url: body.next, headers: {} } : undefined),
});

const START = 1_600_000_000;

function context(http: ReturnType<typeof fakeHttp>, state?: Record<string, unknown>, warnings: string[] = []): ReadContext {
  return {
    config: {},
    mode: state ? "incremental" : "full_refresh",
    state,
    http,
    baseUrl: "https://acme.example.com",
    logger: createLogger((level, line) => level === "warn" && warnings.push(line)),
    clock: fixedClock(),
    signal: new AbortController().signal,
    progress: { page: () => undefined },
  };
}

async function collect(pages: AsyncIterable<Page>) {
  const out: Page[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe("defineRestStream", () => {
  it("client-side incremental keeps records at or after max(state, start) and checkpoints once at the end", async () => {
    const http = fakeHttp((url) =>
      url.searchParams.get("p") === "2"
        ? { groups: [{ id: 3, updated_at: "2024-03-01T00:00:00Z" }] }
        : {
            groups: [
              { id: 1, updated_at: "2019-01-01T00:00:00Z" },
              { id: 2, updated_at: "2024-02-01T00:00:00Z" },
            ],
            next: "https://acme.example.com/v1/groups?p=2",
          },
    );
    const groups = defineRestStream({
      name: "groups",
      url: "https://acme.example.com/v1/groups",
      params: { exclude_deleted: "false" },
      paginator: followNext,
      records: "groups",
      primaryKey: "id",
      schema: z.looseObject({ id: z.number(), updated_at: z.string() }),
      incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
      start: () => START,
    });
    const pages = await collect(groups.read(context(http, { updated_at: "2024-02-01T00:00:00Z" })));
    expect(pages.flatMap((p) => p.records).map((r) => r.id)).toEqual([2, 3]);
    expect(pages.filter((p) => p.checkpoint)).toEqual([{ records: [], checkpoint: { updated_at: "2024-03-01T00:00:00Z" } }]);
    expect(http.urls[0]).toBe("https://acme.example.com/v1/groups?exclude_deleted=false");
    expect(groups.spec).toMatchObject({ name: "groups", primaryKey: [["id"]], cursorField: ["updated_at"] });
    expect(groups.spec.jsonSchema).toMatchObject({ type: "object", properties: { id: { type: "number" } } });
  });

  it("client-side incremental keeps records without the cursor field (they cannot be placed in time)", async () => {
    const http = fakeHttp(() => ({
      group_memberships: [
        { id: 1, updated_at: "2019-01-01T00:00:00Z" },
        { id: 2 },
        { id: 3, updated_at: "2024-03-01T00:00:00Z" },
      ],
    }));
    const memberships = defineRestStream({
      name: "group_memberships",
      url: "https://acme.example.com/v1/group_memberships",
      paginator: followNext,
      records: "group_memberships",
      primaryKey: "id",
      schema: z.looseObject({ id: z.number(), updated_at: z.string().optional() }),
      incremental: { kind: "client", cursorField: "updated_at", stateFormat: "iso" },
      start: () => START,
    });
    const pages = await collect(memberships.read(context(http, { updated_at: "2024-02-01T00:00:00Z" })));
    expect(pages.flatMap((p) => p.records).map((r) => r.id)).toEqual([2, 3]);
    expect(pages.at(-1)?.checkpoint).toEqual({ updated_at: "2024-03-01T00:00:00Z" });
  });

  it("server-side incremental sends the start, checkpoints every page, and drops boundary duplicates", async () => {
    const http = fakeHttp((url) =>
      url.searchParams.get("start_time") === "1700000000"
        ? { organizations: [{ id: 1, updated_at: "2023-11-14T22:13:20Z" }, { id: 2, updated_at: "2023-11-14T22:13:25Z" }], next: "https://acme.example.com/v1/incremental/organizations?start_time=1700000005" }
        : { organizations: [{ id: 2, updated_at: "2023-11-14T22:13:25Z" }, { id: 3, updated_at: "2023-11-14T22:13:30Z" }] },
    );
    const organizations = defineRestStream({
      name: "organizations",
      url: "https://acme.example.com/v1/incremental/organizations",
      paginator: followNext,
      records: "organizations",
      primaryKey: "id",
      schema: { type: "object" },
      incremental: {
        kind: "server",
        cursorField: "updated_at",
        stateFormat: "unix",
        startParams: (start) => ({ start_time: String(start) }),
        dedupeAcrossPages: true,
      },
      start: () => START,
    });
    const pages = await collect(organizations.read(context(http, { updated_at: "1700000000" })));
    expect(pages.map((p) => p.records.map((r) => r.id))).toEqual([[1, 2], [3]]);
    expect(pages.map((p) => p.checkpoint)).toEqual([{ updated_at: "1700000005" }, { updated_at: "1700000010" }]);
  });

  it("warns once per field when records drift from the schema, and still emits them", async () => {
    const http = fakeHttp(() => ({ tags: [{ name: 1, count: 2 }, { name: 2, count: 3 }] }));
    const warnings: string[] = [];
    const tags = defineRestStream({
      name: "tags",
      url: "https://acme.example.com/v1/tags",
      paginator: followNext,
      records: "tags",
      primaryKey: "name",
      schema: z.looseObject({ name: z.string(), count: z.number() }),
      start: () => START,
    });
    const pages = await collect(tags.read(context(http, undefined, warnings)));
    expect(pages[0].records).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Schema drift in stream "tags": field name/);
  });
});
