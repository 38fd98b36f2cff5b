import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LineWriter } from "./line-writer.js";
import { makeTempDir, removeDir } from "./__tests__/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await removeDir(dir);
});

describe("LineWriter", () => {
  it("buffers until the threshold, then writes whole lines", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 20);
    await writer.append("0123456789"); // 11 bytes buffered
    expect(await readFile(path, "utf8")).toBe("");
    expect(writer.bufferedBytes).toBe(11);
    await writer.append("abcdefghij"); // 22 >= 20: written out
    expect(await readFile(path, "utf8")).toBe("0123456789\nabcdefghij\n");
    expect(writer.bufferedBytes).toBe(0);
    expect(writer.bytesWritten).toBe(22);
    await writer.close();
  });

  it("copies raw line bytes, so the caller may reuse its buffer", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 1000);
    const reused = Buffer.from('{"é":1}');
    await writer.appendBytes(reused);
    reused.fill(0x78);
    await writer.append("text");
    await writer.close();
    expect(await readFile(path, "utf8")).toBe('{"é":1}\ntext\n');
  });

  it("counts bytes, not characters", async () => {
    const writer = await LineWriter.open(join(dir, "f"), "w", 1000);
    await writer.append("é€");
    expect(writer.bufferedBytes).toBe(2 + 3 + 1);
    await writer.discard();
  });

  it("keeps call order when callers do not await", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 8);
    const pending = Array.from({ length: 200 }, (_, i) => writer.append(String(i)));
    await Promise.all(pending);
    await writer.sync();
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    await writer.close();
  });

  it("applies backpressure: a full buffer's append resolves only after its write", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 4);
    const promise = writer.append("abcd");
    let resolved = false;
    void promise.then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    await promise;
    expect(await readFile(path, "utf8")).toBe("abcd\n");
    await writer.close();
  });

  it("appends to an existing file in 'a' mode and truncates in 'w' mode", async () => {
    const path = join(dir, "f");
    await writeFile(path, "old\n");
    const appender = await LineWriter.open(path, "a");
    await appender.append("new");
    await appender.close();
    expect(await readFile(path, "utf8")).toBe("old\nnew\n");
    const truncator = await LineWriter.open(path, "w");
    await truncator.close();
    expect(await readFile(path, "utf8")).toBe("");
  });

  it("fsyncs only when bytes were written since the last sync", async () => {
    const writer = await LineWriter.open(join(dir, "f"), "w");
    const handleProto = Object.getPrototypeOf((writer as unknown as { handle: object }).handle) as {
      sync: () => Promise<void>;
    };
    const sync = vi.spyOn(handleProto, "sync");
    await writer.sync();
    expect(sync).not.toHaveBeenCalled();
    await writer.append("x");
    await writer.sync();
    expect(sync).toHaveBeenCalledTimes(1);
    await writer.sync();
    expect(sync).toHaveBeenCalledTimes(1);
    await writer.close();
  });

  it("poisons itself after a failed write", async () => {
    const writer = await LineWriter.open(join(dir, "f"), "w", 1);
    const handle = (writer as unknown as { handle: { write: () => Promise<never> } }).handle;
    const failure = Object.assign(new Error("disk full"), { code: "ENOSPC" });
    vi.spyOn(handle, "write").mockRejectedValueOnce(failure);
    await expect(writer.append("a")).rejects.toBe(failure);
    expect(() => writer.append("b")).toThrow("disk full");
    await expect(writer.sync()).rejects.toBe(failure);
    await writer.discard();
  });

  it("refuses use after close and a bad buffer size", async () => {
    const writer = await LineWriter.open(join(dir, "f"), "w");
    await writer.close();
    expect(() => writer.append("x")).toThrow(/closed/);
    await expect(LineWriter.open(join(dir, "g"), "w", 0)).rejects.toThrow(RangeError);
  });
});

describe("LineWriter.appendLines", () => {
  it("writes a batch larger than the buffer at once, after what was queued before it and before what follows", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 64);
    await writer.append("first");
    const big = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, t: "é€\u{1F600}" }));
    const pending = writer.appendLines(big);
    // Queued while the batch is not written yet: must land after it.
    const after = writer.append("after");
    await Promise.all([pending, after]);
    await writer.sync();
    await writer.close();
    expect(await readFile(path, "utf8")).toBe(["first", ...big, "after", ""].join("\n"));
    expect(writer.bytesWritten).toBe(Buffer.byteLength(["first", ...big, "after", ""].join("\n")));
  });

  it("keeps batches in order when several are queued before any is written (the byte buffer is busy)", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 32);
    const batches = Array.from({ length: 5 }, (_, b) => Array.from({ length: 8 }, (_, i) => `{"b":${b},"i":${i},"s":"ÿ"}`));
    await Promise.all(batches.map((batch) => writer.appendLines(batch)));
    await writer.close();
    expect(await readFile(path, "utf8")).toBe(batches.flat().map((l) => l + "\n").join(""));
  });

  it("buffers a small batch like single lines", async () => {
    const path = join(dir, "f");
    const writer = await LineWriter.open(path, "w", 1000);
    await writer.appendLines(["a", "b"]);
    expect(writer.bufferedBytes).toBe(4);
    expect(await readFile(path, "utf8")).toBe("");
    await writer.close();
    expect(await readFile(path, "utf8")).toBe("a\nb\n");
  });
});
