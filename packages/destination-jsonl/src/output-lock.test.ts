import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "@calabi/kernel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE, OutputLock } from "./output-lock.js";
import { JsonlDestination } from "./jsonl-destination.js";
import { catalogOf, makeTempDir, memoryLogger, removeDir } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("OutputLock", () => {
  it("is held while open and released on close", async () => {
    const lock = await OutputLock.acquire(dir, memoryLogger());
    expect(await readFile(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    await expect(OutputLock.acquire(dir, memoryLogger())).rejects.toThrow(/already open in this process/);
    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a directory locked by a live process", async () => {
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`);
    const attempt = OutputLock.acquire(dir, memoryLogger());
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it.each([
    ["a dead process", () => `${deadPid()}\n`],
    ["this pid from an earlier incarnation", () => `${process.pid}\n`],
    ["garbage", () => "not a pid"],
  ])("takes over a lock left by %s", async (_label, content) => {
    await writeFile(join(dir, LOCK_FILE), content());
    const logger = memoryLogger();
    const lock = await OutputLock.acquire(dir, logger);
    expect(logger.entries.some((e) => /Taking over/.test(e.message))).toBe(true);
    await lock.release();
  });

  it("makes a second destination on the same directory fail to open", async () => {
    const first = new JsonlDestination({ output: dir, logger: memoryLogger() });
    await first.open(catalogOf({ name: "a", mode: "append" }));
    const second = new JsonlDestination({ output: dir, logger: memoryLogger() });
    await expect(second.open(catalogOf({ name: "a", mode: "append" }))).rejects.toThrow(/already open/);
    await first.close();
    expect(await readdir(dir)).toEqual(["a.jsonl"]);
  });
});
