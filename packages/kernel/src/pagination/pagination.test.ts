import { describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../contracts/http.js";
import type { Paginator } from "../contracts/paginator.js";
import { ConnectorError } from "../errors.js";
import { readReference, recorded } from "@calabi/fixtures";
import {
  beforeUrlPaginator,
  exportCursorPaginator,
  exportTimePaginator,
  linksPaginator,
  nextPagePaginator,
  searchExportPaginator,
  singleRequest,
} from "./index.js";

const BASE = "https://acme.zendesk.com";

function responseTo(url: string, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const request: HttpRequest = { method: "GET", url, headers: { authorization: "Bearer secret-xyz", accept: "application/json", ...headers } };
  return { status: 200, headers: {}, text: JSON.stringify(body), request, json: <T>() => body as T };
}

/** Runs `next` for a body, taking the records from `key`. */
function nextOf(p: Paginator, url: string, body: any, key: string): HttpRequest | undefined {
  return p.next(responseTo(url, body), body, body?.[key] ?? []);
}

const req = (path: string): HttpRequest => ({ method: "GET", url: `${BASE}${path}`, headers: {} });
const synthetic = (name: string) => readReference(`airbyte-zendesk/responses/synthetic/${name}.json`);

describe("linksPaginator (L)", () => {
  const p = linksPaginator();

  it("adds page[size]=100 to the first request", () => {
    expect(p.first(req("/api/v2/tags.json")).url).toBe(`${BASE}/api/v2/tags.json?page%5Bsize%5D=100`);
    expect(linksPaginator({ pageSize: 25 }).first(req("/api/v2/tags.json?x=1")).url).toBe(`${BASE}/api/v2/tags.json?x=1&page%5Bsize%5D=25`);
  });

  it("follows links.next verbatim while has_more, without the credentials", () => {
    const next = nextOf(p, `${BASE}/api/v2/tags?page%5Bsize%5D=100`, {
      tags: [{ name: "a" }],
      meta: { has_more: true, after_cursor: "C1", before_cursor: "C0" },
      links: { prev: `${BASE}/prev`, next: `${BASE}/api/v2/tags?page%5Bafter%5D=C1&page%5Bsize%5D=100` },
    }, "tags");
    expect(next).toEqual({ method: "GET", url: `${BASE}/api/v2/tags?page%5Bafter%5D=C1&page%5Bsize%5D=100`, headers: { accept: "application/json" } });
  });

  it("resolves a relative next link against the current URL", () => {
    const body = { tags: [1], meta: { has_more: true }, links: { next: "/api/v2/tags?page%5Bafter%5D=C1" } };
    expect(nextOf(p, `${BASE}/api/v2/tags?page%5Bsize%5D=100`, body, "tags")?.url).toBe(`${BASE}/api/v2/tags?page%5Bafter%5D=C1`);
  });

  it("stops on has_more false even though Support still sends links.next", () => {
    const body = { tags: [{ name: "a" }], meta: { has_more: false, after_cursor: "C2" }, links: { next: `${BASE}/api/v2/tags?page%5Bafter%5D=C2` } };
    expect(nextOf(p, `${BASE}/api/v2/tags`, body, "tags")).toBeUndefined();
  });

  it("stops when has_more is missing, whatever links say", () => {
    expect(nextOf(p, `${BASE}/x`, { tags: [1], links: { next: `${BASE}/x?page%5Bafter%5D=z` } }, "tags")).toBeUndefined();
    expect(nextOf(p, `${BASE}/x`, { tags: [], meta: {} }, "tags")).toBeUndefined();
    expect(nextOf(p, `${BASE}/x`, null, "tags")).toBeUndefined();
  });

  it("falls back to page[after]=meta.after_cursor when links.next is absent", () => {
    const body = { items: [1], meta: { has_more: true, after_cursor: "a/b+c=" } };
    expect(nextOf(p, `${BASE}/api/v2/groups?page%5Bbefore%5D=old&page%5Bsize%5D=100`, body, "items")?.url).toBe(
      `${BASE}/api/v2/groups?page%5Bsize%5D=100&page%5Bafter%5D=a%2Fb%2Bc%3D`,
    );
  });

  it("stops when has_more is true but there is nothing to follow", () => {
    expect(nextOf(p, `${BASE}/x`, { items: [1], meta: { has_more: true }, links: { next: null } }, "items")).toBeUndefined();
  });
});

describe("searchExportPaginator (S)", () => {
  it("sizes the first page and follows links.next until has_more is false", () => {
    const p = searchExportPaginator({ pageSize: 1000 });
    expect(p.first(req("/api/v2/search/export.json?query=x&filter%5Btype%5D=ticket")).url).toBe(
      `${BASE}/api/v2/search/export.json?query=x&filter%5Btype%5D=ticket&page%5Bsize%5D=1000`,
    );
    const body = { results: [{ id: 1 }], facets: null, meta: { has_more: true, after_cursor: "Q" }, links: { next: `${BASE}/n`, prev: null } };
    expect(nextOf(p, `${BASE}/api/v2/search/export.json`, body, "results")?.url).toBe(`${BASE}/n`);
    expect(nextOf(p, `${BASE}/api/v2/search/export.json`, { ...body, meta: { has_more: false } }, "results")).toBeUndefined();
  });
});

describe("nextPagePaginator (N, N0, NS)", () => {
  it("adds the size parameter of each family", () => {
    expect(nextPagePaginator({ perPage: 100 }).first(req("/api/v2/groups.json")).url).toBe(`${BASE}/api/v2/groups.json?per_page=100`);
    expect(nextPagePaginator({ perPage: 100, sizeParam: "page[size]" }).first(req("/api/v2/x")).url).toBe(`${BASE}/api/v2/x?page%5Bsize%5D=100`);
    expect(nextPagePaginator().first(req("/api/v2/ticket_forms")).url).toBe(`${BASE}/api/v2/ticket_forms`);
  });

  it("follows next_page, stops on null next_page or an empty page", () => {
    const p = nextPagePaginator({ perPage: 100 });
    const url = `${BASE}/api/v2/groups.json?per_page=100`;
    expect(nextOf(p, url, { groups: [{ id: 1 }], next_page: `${BASE}/api/v2/groups.json?page=2&per_page=100` }, "groups")?.url).toBe(
      `${BASE}/api/v2/groups.json?page=2&per_page=100`,
    );
    expect(nextOf(p, url, { groups: [{ id: 1 }], next_page: null }, "groups")).toBeUndefined();
    expect(nextOf(p, url, { groups: [], next_page: `${BASE}/api/v2/groups.json?page=2` }, "groups")).toBeUndefined();
    expect(nextOf(p, url, { groups: [{ id: 1 }] }, "groups")).toBeUndefined();
  });
});

describe("exportCursorPaginator (EC): end_of_stream matrix", () => {
  const p = exportCursorPaginator();
  const url = `${BASE}/api/v2/incremental/tickets/cursor.json?start_time=1700000000`;
  const after = `${BASE}/api/v2/incremental/tickets/cursor.json?cursor=MTY5%3D`;

  it.each([
    ["flag missing + after_url → continue", { tickets: [{ id: 1 }], after_url: after }, after],
    ["false → continue", { tickets: [{ id: 1 }], after_url: after, end_of_stream: false }, after],
    ["false on an empty page → continue", { tickets: [], after_url: after, end_of_stream: false }, after],
    ["true → stop (after_url is still present)", { tickets: [{ id: 1 }], after_url: after, end_of_stream: true }, undefined],
    ["no after_url → stop", { tickets: [{ id: 1 }], after_url: null, end_of_stream: false }, undefined],
    ["flag missing, no after_url → stop", { tickets: [] }, undefined],
  ])("%s", (_name, body, expected) => {
    expect(nextOf(p, url, body, "tickets")?.url).toBe(expected);
  });

  it("leaves the first request alone unless per_page is set", () => {
    expect(p.first(req("/api/v2/incremental/tickets/cursor.json?start_time=1")).url).toBe(`${BASE}/api/v2/incremental/tickets/cursor.json?start_time=1`);
    expect(exportCursorPaginator({ perPage: 500 }).first(req("/i?start_time=1")).url).toBe(`${BASE}/i?start_time=1&per_page=500`);
  });
});

describe("exportTimePaginator (ET): end_of_stream matrix and the same-second trap", () => {
  const p = exportTimePaginator();
  const url = `${BASE}/api/v2/incremental/organizations.json?start_time=1714600000`;
  const next = `${BASE}/api/v2/incremental/organizations.json?start_time=1714608000`;

  it.each([
    ["flag missing + next_page → continue", { organizations: [{ id: 1 }], next_page: next }, next],
    ["false → continue", { organizations: [{ id: 1 }], next_page: next, end_of_stream: false }, next],
    ["false on an empty page → continue", { organizations: [], next_page: next, end_of_stream: false }, next],
    ["true → stop (next_page is still a URL)", { organizations: [{ id: 1 }], next_page: next, end_of_stream: true }, undefined],
    ["no next_page → stop", { organizations: [{ id: 1 }], next_page: null }, undefined],
  ])("%s", (_name, body, expected) => {
    expect(nextOf(p, url, body, "organizations")?.url).toBe(expected);
  });

  it("throws when a full page points at the same start_time again", () => {
    const current = `${BASE}/api/v2/incremental/tickets.json?per_page=3&start_time=1695052664`;
    const body = { tickets: [{ id: 1 }, { id: 2 }, { id: 3 }], next_page: current, end_of_stream: false, end_time: 1695052664 };
    expect(() => nextOf(p, current, body, "tickets")).toThrow(ConnectorError);
    expect(() => nextOf(p, current, body, "tickets")).toThrow(/3 records share the second start_time=1695052664.*cursor-based export/);
    // Same second but parameters reordered: still the trap.
    const reordered = { ...body, next_page: `${BASE}/api/v2/incremental/tickets.json?start_time=1695052664&per_page=3` };
    expect(() => nextOf(p, current, reordered, "tickets")).toThrow(ConnectorError);
  });

  it("uses 1000 as the page size when per_page is absent", () => {
    const current = `${BASE}/api/v2/incremental/tickets.json?start_time=5`;
    const records = Array.from({ length: 1000 }, (_, id) => ({ id }));
    expect(() => p.next(responseTo(current, {}), { tickets: records, next_page: current }, records)).toThrow(ConnectorError);
    expect(p.next(responseTo(current, {}), { tickets: records.slice(1), next_page: current }, records.slice(1))?.url).toBe(current);
  });
});

describe("beforeUrlPaginator (A)", () => {
  const p = beforeUrlPaginator();
  it("adds limit=200 and follows before_url until null or an empty page", () => {
    expect(p.first(req("/api/v2/ticket_audits.json")).url).toBe(`${BASE}/api/v2/ticket_audits.json?limit=200`);
    const before = `${BASE}/api/v2/ticket_audits.json?cursor=abc&limit=200`;
    expect(nextOf(p, `${BASE}/api/v2/ticket_audits.json?limit=200`, { audits: [{ id: 1 }], before_url: before }, "audits")?.url).toBe(before);
    expect(nextOf(p, before, { audits: [{ id: 1 }], before_url: null }, "audits")).toBeUndefined();
    expect(nextOf(p, before, { audits: [], before_url: before }, "audits")).toBeUndefined();
  });
});

describe("singleRequest (–)", () => {
  it("sends one request", () => {
    const p = singleRequest();
    const r = req("/api/v2/ticket_fields");
    expect(p.first(r)).toBe(r);
    expect(nextOf(p, r.url, { ticket_fields: [{ id: 1 }], next_page: `${BASE}/more` }, "ticket_fields")).toBeUndefined();
  });
});

describe("recorded and synthetic Zendesk bodies", () => {
  it("L: recorded tickets page with has_more follows links.next; the tags last page stops despite links.next", () => {
    const p = linksPaginator();
    const [tickets] = recorded("list-tickets-offset-and-cursor.json");
    expect(nextOf(p, tickets.uri, tickets.body, "tickets")?.url).toBe(tickets.body.links.next);
    const [tags] = recorded("list-tags-cursor-and-offset.json");
    expect(tags.body.meta.has_more).toBe(false);
    expect(tags.body.links.next).toBeTruthy();
    expect(nextOf(p, tags.uri, tags.body, "tags")).toBeUndefined();
  });

  it("L: Help Center pages (links.next only when has_more) walk to the end", () => {
    const p = linksPaginator();
    const pages = recorded("help-center-categories-offset-and-cursor.json").filter((x) => x.uri.includes("page%5Bsize%5D=1"));
    expect(nextOf(p, pages[0].uri, pages[0].body, "categories")?.url).toBe(pages[0].body.links.next);
    expect(nextOf(p, pages[1].uri, pages[1].body, "categories")).toBeUndefined();
  });

  it("L: synthetic first and last pages", () => {
    const p = linksPaginator();
    const first = synthetic("links_next_first_page");
    expect(nextOf(p, `${BASE}/api/v2/tags?page%5Bsize%5D=100`, first, "tags")?.url).toBe(first.links.next);
    expect(nextOf(p, first.links.next, synthetic("links_next_last_page"), "tags")).toBeUndefined();
  });

  it("S: recorded and synthetic search export pages", () => {
    const p = searchExportPaginator();
    const [page] = recorded("search-export-users-cursor.json");
    expect(nextOf(p, page.uri, page.body, "results")?.url).toBe(page.body.links.next);
    const s = synthetic("search_export_tickets_first_page");
    expect(nextOf(p, `${BASE}/api/v2/search/export.json`, s, "results")?.url).toBe(s.links.next);
  });

  it("N: synthetic offset pages", () => {
    const p = nextPagePaginator({ perPage: 100 });
    const first = synthetic("offset_next_page_groups");
    expect(nextOf(p, `${BASE}/api/v2/groups.json?per_page=100`, first, "groups")?.url).toBe(first.next_page);
    expect(nextOf(p, first.next_page, synthetic("offset_last_page_groups"), "groups")).toBeUndefined();
  });

  it("EC: recorded cursor export continues; synthetic last page (end_of_stream, after_url present) stops", () => {
    const p = exportCursorPaginator();
    for (const page of recorded("incremental-tickets-cursor.json")) {
      expect(nextOf(p, page.uri, page.body, "tickets")?.url).toBe(page.body.after_url);
    }
    const first = synthetic("incremental_cursor_tickets_first_page");
    expect(nextOf(p, `${BASE}/x?start_time=1`, first, "tickets")?.url).toBe(first.after_url);
    const last = synthetic("incremental_cursor_tickets_last_page");
    expect(last.after_url).toBeTruthy();
    expect(nextOf(p, first.after_url, last, "tickets")).toBeUndefined();
  });

  it("ET: recorded time-based exports; end_of_stream true stops although next_page is a URL", () => {
    const p = exportTimePaginator();
    const pages = recorded("incremental-tickets-time-based.json");
    const done = pages.find((x) => x.body.end_of_stream === true)!;
    expect(done.body.next_page).toBeTruthy();
    expect(nextOf(p, done.uri, done.body, "tickets")).toBeUndefined();
    for (const page of pages.filter((x) => x.body.end_of_stream === false)) {
      // Trimmed recordings hold fewer records than `count`, so the trap check never fires here.
      expect(nextOf(p, page.uri, page.body, "tickets")?.url).toBe(page.body.next_page);
    }
    const orgs = synthetic("incremental_time_organizations_page");
    expect(nextOf(p, `${BASE}/api/v2/incremental/organizations.json?start_time=1`, orgs, "organizations")?.url).toBe(orgs.next_page);
    const tme = synthetic("incremental_time_ticket_metric_events_last_page");
    expect(nextOf(p, `${BASE}/api/v2/incremental/ticket_metric_events.json?start_time=1`, tme, "ticket_metric_events")).toBeUndefined();
  });

  it("A: synthetic ticket_audits page follows before_url", () => {
    const page = synthetic("ticket_audits_before_url_page");
    expect(nextOf(beforeUrlPaginator(), `${BASE}/api/v2/ticket_audits.json?limit=200`, page, "audits")?.url).toBe(page.before_url);
  });
});
