import { describe, expect, it } from "vitest";
import { archiveSafeSince } from "../routes.js";
import { chooseRoute } from "./routes.js";

const NOW = Date.UTC(2026, 10, 1);
const query = (stream: string, selected: string[], extra: Record<string, unknown> = {}) => ({
  stream,
  state: undefined,
  config: {},
  members: [stream],
  selected: new Set(selected),
  now: NOW,
  ...extra,
});

/** The seam: the plan's route per stream comes from the sync's own route functions (../routes.ts). */
describe("chooseRoute", () => {
  it("ticket_comments on a first sync without ticket_events: the export until the split, the audits feed alongside after it", () => {
    const route = chooseRoute(query("ticket_comments", ["ticket_comments"]))!;
    const split = archiveSafeSince(NOW);
    expect(route.reads).toEqual([
      { path: "incremental/ticket_events.json", pageSize: 1000, until: split },
      { path: "ticket_audits.json", pageSize: 1000, from: split, alongside: true },
    ]);
  });

  it("ticket_comments with ticket_events selected, or from a saved state: the events export only, at page_size when set", () => {
    expect(chooseRoute(query("ticket_comments", ["ticket_comments", "ticket_events"]))!.reads).toEqual([{ path: "incremental/ticket_events.json", pageSize: 1000 }]);
    expect(chooseRoute(query("ticket_comments", ["ticket_comments"], { state: { created_at: "1" }, config: { page_size: 250 } }))!.reads).toEqual([
      { path: "incremental/ticket_events.json", pageSize: 250 },
    ]);
  });

  it("ticket_audits alone: limit 200; users: the export; single-path streams (ticket_metrics among them now): no choice", () => {
    expect(chooseRoute(query("ticket_metrics", ["ticket_metrics"]))).toBeUndefined();
    expect(chooseRoute(query("ticket_audits", ["ticket_audits"]))!.reads).toEqual([{ path: "ticket_audits.json", pageSize: 200 }]);
    expect(chooseRoute(query("users", ["users"]))!.reads).toEqual([{ path: "incremental/users/cursor.json", pageSize: 1000 }]);
    expect(chooseRoute(query("groups", ["groups"]))).toBeUndefined();
  });
});
