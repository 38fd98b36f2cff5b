import { describe, expect, it } from "vitest";
import { assertSafeStreamName, streamNameProblem } from "./stream-name.js";
import { streamFiles } from "./file-layout.js";

describe("stream names", () => {
  it.each(["tickets", "ticket_metric_events", "Help-Center.articles", "tickets2", "ünïcode", "a b"])(
    "accepts %j",
    (name) => {
      expect(streamNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["", "empty"],
    ["..", '".."'],
    [".", 'starts with "."'],
    [".hidden", 'starts with "."'],
    ["a..b", '".."'],
    ["../etc/passwd", "path separator"],
    ["a/b", "path separator"],
    ["a\\b", "path separator"],
    ["/abs", "path separator"],
    ["nul\u0000byte", "control character"],
    ["new\nline", "control character"],
    ["tab\t", "control character"],
    ["del\u007f", "control character"],
    ["c1\u0085", "control character"],
    [" padded", "whitespace"],
    ["x".repeat(201), "longer than 200 bytes"],
  ])("refuses %j", (name, reason) => {
    expect(streamNameProblem(name)).toContain(reason);
    expect(() => assertSafeStreamName(name)).toThrow(/Refusing stream name/);
  });

  it("refuses non-strings", () => {
    expect(streamNameProblem(42)).toBe("it is not a string");
    expect(streamNameProblem(undefined)).toBe("it is not a string");
  });

  it("lays files out under the output directory only", () => {
    const files = streamFiles("/out", "tickets");
    expect(files).toEqual({
      data: "/out/tickets.jsonl",
      staging: "/out/tickets.jsonl.staging",
      journal: "/out/tickets.jsonl.incoming",
      compacting: "/out/tickets.jsonl.compacting",
      journalKeys: "/out/tickets.jsonl.journal-keys",
      compactionKeys: "/out/tickets.jsonl.compaction-keys",
    });
    expect(() => streamFiles("/out", "../tickets")).toThrow(/path separator/);
  });
});
