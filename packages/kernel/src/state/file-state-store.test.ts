import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { FileStateStore } from "./file-state-store.js";
import { parseStateInput } from "./state-file.js";

const dirs: string[] = [];
const tempFile = async () => {
  const dir = await mkdtemp(join(tmpdir(), "calabi-state-"));
  dirs.push(dir);
  return join(dir, "state.json");
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("FileStateStore", () => {
  it("starts empty when the file does not exist and writes an Airbyte state array", async () => {
    const path = await tempFile();
    const store = new FileStateStore(path);
    expect(await store.load()).toEqual({});
    await store.commit("users", { updated_at: "1700000000" });
    await store.commit("groups", { updated_at: "2024-08-14T18:41:37Z" });
    const written = JSON.parse(await readFile(path, "utf8"));
    expect(written).toEqual([
      { type: "STREAM", stream: { stream_descriptor: { name: "groups" }, stream_state: { updated_at: "2024-08-14T18:41:37Z" } } },
      { type: "STREAM", stream: { stream_descriptor: { name: "users" }, stream_state: { updated_at: "1700000000" } } },
    ]);
    expect(await new FileStateStore(path).load()).toEqual({
      users: { updated_at: "1700000000" },
      groups: { updated_at: "2024-08-14T18:41:37Z" },
    });
  });

  it("serialises concurrent commits without losing one", async () => {
    const path = await tempFile();
    const store = new FileStateStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.commit(`s${i}`, { n: String(i) })));
    expect(Object.keys(await new FileStateStore(path).load())).toHaveLength(20);
  });

  it("reports an empty or null state file instead of starting over", async () => {
    const path = await tempFile();
    await writeFile(path, "\n");
    await expect(new FileStateStore(path).load()).rejects.toThrow(/state file .* is empty.*delete it to sync every stream from the start date/);
    await writeFile(path, "null");
    await expect(new FileStateStore(path).load()).rejects.toThrow(/holds null/);
    await writeFile(path, "[]");
    expect(await new FileStateStore(path).load()).toEqual({});
  });

  it("removes temporary files left by a killed writer, but not a running writer's", async () => {
    const path = await tempFile();
    const dir = join(path, "..");
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it
    const orphan = `.state.json.${2 ** 22 + 1}.1700000000000.tmp`;
    const live = `.state.json.${process.pid}.1700000000001.tmp`;
    const unrelated = `.other.json.${2 ** 22 + 1}.1700000000000.tmp`;
    for (const name of [orphan, live, unrelated]) await writeFile(join(dir, name), "[]");
    await new FileStateStore(path).load();
    expect((await readdir(dir)).sort()).toEqual([unrelated, live].sort());
  });

  it("names the file when it is not JSON", async () => {
    const path = await tempFile();
    await writeFile(path, "{nope");
    await expect(new FileStateStore(path).load()).rejects.toThrow(/state file .* is not valid JSON/);
  });

  it("rejects state that is not per-stream", () => {
    expect(() => parseStateInput([{ type: "GLOBAL", global: {} }], "--state")).toThrow(ConfigError);
    expect(() => parseStateInput([{ type: "STREAM", stream: {} }], "--state")).toThrow(/per-stream state object/);
    expect(() => parseStateInput("text", "--state")).toThrow(/JSON array/);
  });
});
