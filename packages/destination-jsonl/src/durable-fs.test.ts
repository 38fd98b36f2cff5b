import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { durableRename, fileExists, fsyncDirectory, removeIfExists, truncateTornTail } from "./durable-fs.js";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("truncateTornTail", () => {
  it.each([
    ["a\nb\n", "a\nb\n", 0],
    ["a\nb\n{\"partial", "a\nb\n", 9],
    ["no newline at all", "", 17],
    ["", "", 0],
  ])("%j becomes %j", async (content, expected, removed) => {
    const path = join(dir, "f");
    await writeFile(path, content);
    expect(await truncateTornTail(path, 4)).toBe(removed);
    expect(await readFile(path, "utf8")).toBe(expected);
  });

  it("finds the last newline far from the end", async () => {
    const path = join(dir, "f");
    await writeFile(path, "ok\n" + "y".repeat(100_000));
    expect(await truncateTornTail(path, 1024)).toBe(100_000);
    expect(await readFile(path, "utf8")).toBe("ok\n");
  });

  it("ignores a missing file", async () => {
    expect(await truncateTornTail(join(dir, "missing"))).toBe(0);
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
