import { describe, expect, it } from "vitest";
import { rateClassesFor, zendeskRateClasses } from "./rate-classes.js";

describe("zendeskRateClasses", () => {
  const classes = zendeskRateClasses();
  const byName = Object.fromEntries(classes.map((c) => [c.name, c]));

  it("starts from the documented limits per minute", () => {
    expect(classes.map((c) => [c.name, c.requestsPerWindow, c.windowMs])).toEqual([
      ["account", 700, 60_000],
      ["help-center", 700, 60_000],
      ["incremental-exports", 10, 60_000],
      ["search-export", 100, 60_000],
      ["deleted-tickets", 10, 60_000],
    ]);
  });

  it("names the headers each class adapts from", () => {
    expect(byName.account!.headerNames).toEqual(expect.arrayContaining(["x-rate-limit", "x-rate-limit-remaining", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]));
    expect(byName["help-center"]!.headerNames).toEqual(byName.account!.headerNames);
    expect(byName["incremental-exports"]!.headerNames).toEqual(["zendesk-ratelimit-incremental-exports"]);
  });

  it.each([
    ["/api/v2/tags", ["account"]],
    ["/api/v2/groups.json", ["account"]],
    ["/api/v2/incremental/tickets/cursor.json", ["account", "incremental-exports"]],
    ["/api/v2/incremental/ticket_events.json", ["account", "incremental-exports"]],
    ["/api/v2/search/export", ["account", "search-export"]],
    ["/api/v2/search/export.json", ["account", "search-export"]],
    ["/api/v2/search.json", ["account"]],
    ["/api/v2/deleted_tickets.json", ["account", "deleted-tickets"]],
    ["/api/v2/deleted_tickets/5/restore", ["account"]],
    ["/api/v2/help_center/articles", ["help-center"]],
    ["/api/v2/help_center/incremental/articles", ["help-center"]],
    ["/api/v2/help_center/en-us/articles.json", ["help-center"]],
    ["/api/v2/community/posts", ["help-center"]],
    ["/api/v2/communityish", ["account"]],
    ["/oauth/tokens", []],
    ["/hc/article_attachments/1/file.png", []],
  ])("%s counts against %j", (path, expected) => {
    expect(rateClassesFor(path, classes)).toEqual(expected);
  });

  it("takes starting limits from options", () => {
    const hv = zendeskRateClasses({ highVolume: true });
    expect(hv.find((c) => c.name === "incremental-exports")!.requestsPerWindow).toBe(30);
    expect(hv.find((c) => c.name === "account")!.requestsPerWindow).toBe(2500);
    const team = zendeskRateClasses({ accountRequestsPerMinute: 200, incrementalRequestsPerMinute: 5 });
    expect(team.find((c) => c.name === "account")!.requestsPerWindow).toBe(200);
    expect(team.find((c) => c.name === "incremental-exports")!.requestsPerWindow).toBe(5);
  });
});

describe("with the kernel rate budget", () => {
  it("an incremental request counts against both incremental-exports and account; Help Center separately", async () => {
    const { createRateBudget } = await import("@calabi/kernel");
    const { FakeClock } = await import("./__tests__/helpers.js");
    const budget = createRateBudget({ classes: zendeskRateClasses(), clock: new FakeClock() });
    const get = (path: string) => ({ method: "GET" as const, url: `https://acme.zendesk.com${path}`, headers: {} });
    await budget.acquire(get("/api/v2/incremental/tickets/cursor.json?start_time=1"));
    await budget.acquire(get("/api/v2/help_center/incremental/articles?start_time=1"));
    await budget.acquire(get("/api/v2/search/export?filter[type]=ticket"));
    const used = Object.fromEntries(budget.snapshot().map((s) => [s.name, s.used]));
    expect(used).toEqual({ account: 2, "help-center": 1, "incremental-exports": 1, "search-export": 1, "deleted-tickets": 0 });
  });
});
