import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { durableRename, fileExists, fsyncDirectory, removeIfExists, repairTornTail } from "./durable-fs.js";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const wholeJson = (line: Buffer) => {
  try {
    JSON.parse(line.toString("utf8"));
    return true;
  } catch {
    return false;
  }
};

describe("repairTornTail", () => {
  it.each([
    ["a\nb\n", "a\nb\n", "none", 0],
    ['1\n2\n{"partial', "1\n2\n", "truncated", 9],
    ['1\n{"whole":1}', '1\n{"whole":1}\n', "terminated", 11],
    ["no newline at all {", "", "truncated", 19],
    ["", "", "none", 0],
  ])("%j becomes %j", async (content, expected, action, bytes) => {
    const path = join(dir, "f");
    await writeFile(path, content);
    expect(await repairTornTail(path, wholeJson, 4)).toEqual({ action, bytes });
    expect(await readFile(path, "utf8")).toBe(expected);
  });

  it("finds the last newline far from the end", async () => {
    const path = join(dir, "f");
    await writeFile(path, "1\n" + "y".repeat(100_000));
    expect(await repairTornTail(path, wholeJson, 1024)).toEqual({ action: "truncated", bytes: 100_000 });
    expect(await readFile(path, "utf8")).toBe("1\n");
  });

  it("ignores a missing file", async () => {
    expect(await repairTornTail(join(dir, "missing"), wholeJson)).toEqual({ action: "none", bytes: 0 });
  });
});

describe("file helpers", () => {
  it("removes, renames durably and checks existence", async () => {
    const a = join(dir, "a");
    const b = join(dir, "b");
    await writeFile(a, "x");
    expect(await fileExists(a)).toBe(true);
    await durableRename(a, b, dir);
    expect(await fileExists(a)).toBe(false);
    expect(await readFile(b, "utf8")).toBe("x");
    expect(await removeIfExists(b)).toBe(true);
    expect(await removeIfExists(b)).toBe(false);
    expect(await fileExists(dir)).toBe(false); // a directory is not a file
    await fsyncDirectory(dir);
  });
});
