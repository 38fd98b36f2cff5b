import { afterEach, describe, expect, it } from "vitest";
import { linkWithRel } from "../pagination/generic.js";
import { type FixtureServer, linkHeader, pageByCursor, pageByNumber, startFixtureServer } from "./fixture-server.js";

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server!.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
};
const requestFor = (url: string) => {
  const parsed = new URL(url);
  return { url: parsed, query: parsed.searchParams };
};

describe("startFixtureServer", () => {
  it("answers routes with :params, fixed replies and custom status/headers, on an OS-chosen loopback port", async () => {
    server = await startFixtureServer({
      "GET /v1/items/:id": (req) => ({ body: { id: req.params.id, q: req.query.get("q") }, headers: { "x-seen": String(req.n) } }),
      "GET /v1/fixed": { status: 202, body: { ok: true } },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const item = await get("/v1/items/a%20b?q=x");
    expect(item).toMatchObject({ status: 200, body: { id: "a b", q: "x" } });
    expect(item.headers.get("x-seen")).toBe("0");
    expect(await get("/v1/fixed")).toMatchObject({ status: 202, body: { ok: true } });
  });

  it("404s a request no route matches (path or method), naming it, and 500s a handler that throws", async () => {
    server = await startFixtureServer({ "POST /v1/items": {}, "GET /v1/boom": () => { throw new Error("seed missing"); } });
    expect(await get("/v1/items")).toEqual({ status: 404, headers: expect.anything(), body: { error: "no fixture route for GET /v1/items" } });
    expect(await get("/v1/items/7")).toMatchObject({ status: 404 });
    expect(await get("/v1/boom")).toMatchObject({ status: 500, body: { error: "fixture handler failed: seed missing" } });
  });

  it("refuses what authorize refuses, before routing; records every request", async () => {
    server = await startFixtureServer(
      { "GET /v1/items": { body: [] } },
      { authorize: (req) => (req.headers.authorization === "Bearer good" ? undefined : { status: 401, body: { message: "Bad credentials" } }) },
    );
    expect(await get("/v1/items")).toMatchObject({ status: 401, body: { message: "Bad credentials" } });
    expect(await get("/v1/items?page=2", { authorization: "Bearer good" })).toMatchObject({ status: 200, body: [] });
    await get("/v1/other", { authorization: "Bearer good" });
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/items", "/v1/items?page=2", "/v1/other"]);
    expect(server.requestsTo("GET /v1/items").map((r) => r.url)).toEqual(["/v1/items", "/v1/items?page=2"]);
    expect(server.requestsTo("/v1/:any")).toHaveLength(3);
    expect(server.requestsTo("POST /v1/items")).toHaveLength(0);
  });

  it("refuses a route that is not METHOD /path", async () => {
    await expect(startFixtureServer({ "GET items": {} })).rejects.toThrow(/is not "METHOD \/path"/);
  });
});

describe("pageByNumber", () => {
  const items = Array.from({ length: 7 }, (_, i) => i + 1);

  it("slices page by page, with next and last URLs keeping the other parameters", () => {
    const first = pageByNumber(items, requestFor("http://h/x?state=all&per_page=3"));
    expect(first).toEqual({ records: [1, 2, 3], page: 1, hasMore: true, next: "http://h/x?state=all&per_page=3&page=2", last: "http://h/x?state=all&per_page=3&page=3" });
    const last = pageByNumber(items, requestFor(first.last));
    expect(last).toMatchObject({ records: [7], page: 3, hasMore: false });
    expect(last.next).toBeUndefined();
  });

  it("uses the default size, caps the asked size, and gives an empty page past the end", () => {
    expect(pageByNumber(items, requestFor("http://h/x"), { defaultSize: 5 }).records).toEqual([1, 2, 3, 4, 5]);
    expect(pageByNumber(items, requestFor("http://h/x?per_page=500"), { maxSize: 2 }).records).toEqual([1, 2]);
    expect(pageByNumber(items, requestFor("http://h/x?page=9&per_page=3"))).toMatchObject({ records: [], hasMore: false });
  });
});

describe("pageByCursor", () => {
  it("walks every item once through opaque cursors", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const seen: number[] = [];
    let url: string | undefined = "http://h/x?per_page=4";
    let pages = 0;
    while (url) {
      const page: { records: number[]; next?: string } = pageByCursor(items, requestFor(url));
      seen.push(...page.records);
      url = page.next;
      pages++;
    }
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it("throws on a cursor it did not hand out", () => {
    expect(() => pageByCursor([1], requestFor("http://h/x?cursor=bogus"))).toThrow(/unknown cursor "bogus"/);
  });
});

describe("linkHeader", () => {
  it("writes RFC 8288 links the kernel's linkHeader paginator reads back", () => {
    const header = linkHeader({ next: "http://h/x?page=2", last: "http://h/x?page=5", prev: undefined });
    expect(header).toBe('<http://h/x?page=2>; rel="next", <http://h/x?page=5>; rel="last"');
    expect(linkWithRel(header, "next")).toBe("http://h/x?page=2");
    expect(linkWithRel(header, "prev")).toBeUndefined();
  });
});
