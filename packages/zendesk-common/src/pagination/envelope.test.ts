import { pageProblem } from "@calabi/kernel";
import { describe, expect, it } from "vitest";
import { beforeUrlPaginator, exportCursorPaginator, exportTimePaginator, linksPaginator, nextPagePaginator } from "./index.js";

/** Each family's page must carry the pagination fields it reads (otherwise the walk retries, then fails). */
describe("envelope checks of the Zendesk families", () => {
  it.each([
    ["L", linksPaginator(), { tags: [], meta: { has_more: false } }, { tags: [] }, /`meta.has_more` is missing/],
    ["L (mistyped)", linksPaginator(), { tags: [], meta: { has_more: true } }, { tags: [], meta: { has_more: "yes" } }, /`meta.has_more` is a string, not boolean/],
    ["N", nextPagePaginator({ perPage: 100 }), { tags: [], next_page: null }, { tags: [] }, /`next_page` is missing/],
    ["A", beforeUrlPaginator(), { tags: [], before_url: null }, { tags: [], before_url: 7 }, /`before_url` is a number/],
    ["EC", exportCursorPaginator(), { tags: [], after_url: null, end_of_stream: true }, { tags: [] }, /`end_of_stream` and `after_url` are both missing/],
    ["ET", exportTimePaginator(), { tags: [], next_page: null, end_of_stream: true }, { tags: [], end_of_stream: "no" }, /`end_of_stream` is not a boolean/],
  ])("%s", (_family, paginator, good, bad, problem) => {
    expect(pageProblem(good, "tags", paginator)).toBeUndefined();
    expect(pageProblem(bad, "tags", paginator)).toMatch(problem);
  });

  it("EC: the walk position is the cursor, so an export whose cursor does not advance is a loop", () => {
    const p = exportCursorPaginator();
    const a = { method: "GET" as const, url: "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=QUJD&per_page=1000", headers: {} };
    const b = { ...a, url: "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?per_page=1000&cursor=QUJD" };
    expect(p.position!(a)).toBe(p.position!(b));
    expect(p.position!({ ...a, url: "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=1" })).toMatch(/start_time=1/);
  });
});
