import { describe, expect, it } from "vitest";
import type { Stream } from "../contracts/stream.js";
import { ConfigError } from "../errors.js";
import { checkSavedStates } from "./saved-state-check.js";

const NOW = Date.UTC(2026, 11, 6);
const stream = (name: string, cursorField?: string[]): Stream =>
  ({ spec: { name, jsonSchema: { type: "object", properties: {} }, primaryKey: [["id"]], cursorField }, read: async function* () {} }) as Stream;
const streams = new Map(
  [stream("tickets", ["generated_timestamp"]), stream("groups", ["updated_at"]), stream("post_votes", ["updated_at"]), stream("tags")].map((s) => [s.spec.name, s]),
);
const check = (states: Record<string, Record<string, unknown>>, reset?: string[]) =>
  checkSavedStates(states, streams, { now: NOW, origin: "The state file /x/state.json", resetFlag: "--reset-state", reset: reset && new Set(reset) });

describe("checkSavedStates", () => {
  it("accepts unix-second strings, numbers and ISO date-times up to a day ahead of the clock", () => {
    const states = {
      tickets: { generated_timestamp: "1723660897" },
      groups: { updated_at: new Date(NOW + 3_600_000).toISOString() },
      post_votes: { states: [{ partition: { post_id: 7253351904271 }, cursor: { updated_at: "1687393942" } }], parent_state: { posts: { updated_at: "2023-06-22T00:32:21Z" } } },
      tags: { anything: "goes" },
    };
    expect(check(states)).toEqual(states);
  });

  it.each([
    ["a cursor in the year 2100", { generated_timestamp: "4102444800" }, /"tickets": generated_timestamp = "4102444800" \(2100-01-01T00:00:00Z\) is in the future/],
    ["null", { generated_timestamp: null }, /generated_timestamp = null is not a timestamp/],
    ["a negative number", { generated_timestamp: "-5" }, /generated_timestamp = "-5" is not a timestamp/],
    ["text", { generated_timestamp: "yesterday" }, /"yesterday" is not a timestamp/],
  ])("refuses %s, naming the stream, the value and the flag", (_what, state, message) => {
    expect(() => check({ tickets: state })).toThrow(ConfigError);
    expect(() => check({ tickets: state })).toThrow(message);
    expect(() => check({ tickets: state })).toThrow(/pass --reset-state tickets to read that stream again from the start date/);
  });

  it("refuses an array where a cursor should be, inside per-partition state too", () => {
    expect(() => check({ post_votes: { states: [{ partition: { post_id: 1 }, cursor: { updated_at: "4102444800" } }] } })).toThrow(/"post_votes".*in the future/);
    expect(() => check({ groups: { updated_at: [] } })).toThrow(/"groups"/);
  });

  it("drops the named streams' states when asked, or every stream's with *", () => {
    const bad = { tickets: { generated_timestamp: "4102444800" }, groups: { updated_at: "2024-01-01T00:00:00Z" } };
    expect(check(bad, ["tickets"])).toEqual({ groups: bad.groups });
    expect(check(bad, ["*"])).toEqual({});
    expect(() => check(bad, ["tickts"])).toThrow(/--reset-state names unknown streams: "tickts"/);
  });
});
