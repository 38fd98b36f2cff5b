import { describe, expect, it } from "vitest";
import { describeSystemError, isEnvironmentError } from "./system-errors.js";

const errno = (code: string, path?: string, syscall = "write") => Object.assign(new Error(`${code}: raw`), { code, path, syscall });

describe("describeSystemError", () => {
  it.each([
    ["ENOSPC", /^The disk is full \(writing \/out\/tickets\.jsonl\); free some space .* \(ENOSPC in write\)\.$/],
    ["EACCES", /^Permission denied on \/out\/tickets\.jsonl; give this user write access/],
    ["EPERM", /not permitted; check its owner/],
    ["EROFS", /is on a read-only file system; choose a writable path/],
    ["ENOTDIR", /is a file, not a directory/],
  ])("%s names the path and what to do", (code, message) => {
    expect(describeSystemError(errno(code, "/out/tickets.jsonl"))).toMatch(message);
  });

  it("is undefined for anything that is not an environment error", () => {
    expect(describeSystemError(new Error("boom"))).toBeUndefined();
    expect(describeSystemError(errno("ECONNRESET"))).toBeUndefined();
    expect(isEnvironmentError(errno("ENOSPC"))).toBe(true);
    expect(isEnvironmentError(null)).toBe(false);
  });
});
