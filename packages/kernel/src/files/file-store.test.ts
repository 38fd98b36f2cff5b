import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileStore, extensionOf, FileTooLargeError, sanitizeFileName } from "./file-store.js";

async function* chunks(data: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
async function* failing(data: Buffer): AsyncGenerator<Uint8Array> {
  yield data.subarray(0, 10);
  throw new Error("connection reset");
}
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("createFileStore", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "calabi-files-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("stores by content hash, keeps a sanitised extension, and stores identical content once", async () => {
    const store = createFileStore(dir);
    const data = Buffer.from("hello attachments ".repeat(500));
    const a = await store.put(chunks(data), { name: "Report.PDF" });
    expect(a).toEqual({ relativePath: `files/${sha(data).slice(0, 2)}/${sha(data)}.pdf`, bytes: data.length, sha256: sha(data), deduplicated: false });
    expect(await readFile(join(dir, a.relativePath))).toEqual(data);
    const b = await store.put(chunks(data, 7), { name: "copy.pdf" });
    expect(b).toMatchObject({ relativePath: a.relativePath, deduplicated: true });
    expect(await readdir(join(dir, "files", ".tmp"))).toEqual([]);
  });

  it("never lets a hostile name reach the file system", async () => {
    const store = createFileStore(dir);
    for (const name of ["../../../../etc/passwd", "/etc/shadow", "..", "a\u0000b\n.txt", "C:\\x\\..\\evil.dll"]) {
      const stored = await store.put(chunks(Buffer.from(name)), { name });
      expect(stored.relativePath).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{64}(\.[a-z0-9]{1,10})?$/);
    }
    expect(sanitizeFileName("../../../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("/etc/shadow")).toBe("shadow");
    expect(sanitizeFileName("..")).toBe("file");
    expect(sanitizeFileName("bell\u0007and\nnewline\r.txt")).toBe("bellandnewline.txt");
    expect(sanitizeFileName("x".repeat(300) + ".txt")).toHaveLength(200);
    expect(extensionOf("archive.tar.GZ")).toBe("gz");
    expect(extensionOf("no-extension")).toBe("");
  });

  it("enforces the size cap and leaves nothing behind", async () => {
    const store = createFileStore(dir);
    await expect(store.put(chunks(Buffer.alloc(5000)), { name: "big.bin", maxBytes: 4096 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await readdir(join(dir, "files", ".tmp"))).toEqual([]);
    expect((await readdir(join(dir, "files"))).filter((n) => n !== ".tmp")).toEqual([]);
  });

  it("deletes the temp file when the body fails mid-way", async () => {
    const store = createFileStore(dir);
    await expect(store.put(failing(Buffer.alloc(100)), { name: "x.bin" })).rejects.toThrow("connection reset");
    expect(await readdir(join(dir, "files", ".tmp"))).toEqual([]);
  });

  it("sweeps .part files of dead processes on first use", async () => {
    await mkdir(join(dir, "files", ".tmp"), { recursive: true });
    await writeFile(join(dir, "files", ".tmp", "999999999-dead.part"), "partial");
    const store = createFileStore(dir);
    await store.put(chunks(Buffer.from("x")), { name: "x.txt" });
    expect(await readdir(join(dir, "files", ".tmp"))).toEqual([]);
  });
});
