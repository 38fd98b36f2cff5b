import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentBytes, guideFor, HOSTILE_FILE_NAMES, HOSTILE_REDIRECTS, type RunningSimulator } from "@calabi/zendesk-simulator";
import { fastClock, latest, nonEmpty, readStream, simulator, tempDir } from "../../test/harness.js";
import { articleAttachments } from "../streams/index.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

describe("article_attachments file transfer", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await simulator({ guide: { articlesPerBrand: 10, hostileAttachments: true } });
  });
  afterAll(() => sim.close());

  it("stores every file by content hash with the simulator's exact bytes; identical content once; hostile redirects refused", async () => {
    const out = await tempDir();
    try {
      const result = await readStream(articleAttachments, sim, { output: out.dir });
      expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth("article_attachments")));
      const g = guideFor(sim.sim);
      const byId = new Map(result.records.map((r) => [r.id as number, r]));
      let stored = 0;
      for (const [id, meta] of g.helpCenter.attachmentMeta) {
        const record = byId.get(id)!;
        if (meta.redirect) {
          expect(record.file_relative_path).toBeUndefined();
          expect(record.file_download_error).toMatch(/not an allowed host|file: URL|more than 5 times/);
          continue;
        }
        const name = String(record.file_name);
        // ".." resolves away in the URL: the API's own content_url no longer names the file.
        if (name === "..") continue;
        expect(record.file_download_error).toBeUndefined();
        const bytes = await readFile(join(out.dir, record.file_relative_path as string));
        const expected = contentBytes(11, meta.content);
        expect(bytes.equals(expected)).toBe(true);
        expect(record).toMatchObject({ file_size_bytes: expected.length, file_sha256: sha(expected) });
        expect(record.file_relative_path).toBe(`files/${sha(expected).slice(0, 2)}/${sha(expected)}${/\.[a-z0-9]+$/.exec(record.file_relative_path as string)?.[0] ?? ""}`);
        stored++;
      }
      expect(stored).toBeGreaterThan(10);
      // The two "shared-logo" attachments have the same bytes: one file.
      const shared = result.records.filter((r) => g.helpCenter.attachmentMeta.get(r.id as number)!.content.key === "shared-logo");
      expect(shared).toHaveLength(2);
      expect(shared[0].file_relative_path).toBe(shared[1].file_relative_path);
      const files = (await walk(join(out.dir, "files"))).map((p) => relative(out.dir, p));
      expect(new Set(files).size).toBe(new Set(result.records.map((r) => r.file_relative_path).filter(Boolean)).size);
      // Hostile names never reached the file system; their sanitised names are in the records.
      for (const f of files) expect(f).toMatch(/^files\/[0-9a-f]{2}\/[0-9a-f]{64}(\.[a-z0-9]{1,10})?$/);
      const hostile = result.records.filter((r) => HOSTILE_FILE_NAMES.includes(r.file_name as string));
      expect(hostile.length).toBe(HOSTILE_FILE_NAMES.length);
      for (const r of hostile) expect(r.file_name_sanitized).not.toMatch(/[/\\\u0000-\u001f]|^\./);
      expect(result.records.filter((r) => r.file_download_error).length).toBe(HOSTILE_REDIRECTS.length + 1);
      expect(result.warnings.some((w) => /not stored/.test(w))).toBe(true);
    } finally {
      await out.cleanup();
    }
  });

  it("honours attachments_max_bytes and attachments_download=false; without an output directory records carry metadata only", async () => {
    const out = await tempDir();
    try {
      const capped = await readStream(articleAttachments, sim, { output: out.dir, config: { attachments_max_bytes: 2000 } });
      for (const r of capped.records) {
        if ((r.size as number) > 2000 && !HOSTILE_FILE_NAMES.includes(r.file_name as string)) {
          expect(r.file_download_error).toMatch(/attachments_max_bytes/);
          expect(r.file_relative_path).toBeUndefined();
        }
      }
      const small = capped.records.filter((r) => r.file_relative_path);
      expect(small.every((r) => (r.file_size_bytes as number) <= 2000)).toBe(true);
      const off = await readStream(articleAttachments, sim, { output: out.dir, config: { attachments_download: false } });
      expect(off.records.every((r) => r.file_relative_path === undefined && r.file_download_error === undefined)).toBe(true);
      const none = await readStream(articleAttachments, sim);
      expect(none.records.every((r) => r.file_relative_path === undefined)).toBe(true);
    } finally {
      await out.cleanup();
    }
  });

  it("retries a transfer that breaks off; a file that keeps failing is reported and the stream goes on", async () => {
    const out = await tempDir();
    try {
      const g = guideFor(sim.sim);
      const [first, second] = [...g.helpCenter.attachmentMeta.entries()].filter(([, m]) => !m.redirect && m.content.key.startsWith("attachment:")).map(([id]) => id);
      sim.setFaults({
        script: [
          { kind: "reset", path: `/cdn/files/${first}/` },
          { kind: "truncate", path: `/cdn/files/${first}/` },
          { kind: "500", path: `/cdn/files/${second}/`, times: 50 },
        ],
      });
      // Backoff waits compressed 100×: the same retries, without ~10 s of real sleeping.
      const result = await readStream(articleAttachments, sim, { output: out.dir, clock: fastClock });
      const byId = new Map(result.records.map((r) => [r.id as number, r]));
      expect(byId.get(first)!.file_relative_path).toBeDefined();
      expect(byId.get(second)!.file_download_error).toMatch(/HTTP 500/);
      expect(latest(result.records)).toEqual(nonEmpty(sim.groundTruth("article_attachments")));
      expect(await readdir(join(out.dir, "files", ".tmp"))).toEqual([]);
    } finally {
      sim.setFaults({});
      await out.cleanup();
    }
  });
});

describe("kill -9 mid-download", () => {
  it("leaves no file counted as done; the next sync sweeps the partial and stores the file", async () => {
    const big = 4 * 1024 * 1024;
    const sim = await simulator({ guide: { articlesPerBrand: 2, largeAttachmentBytes: big, cdnChunkDelayMs: 15 } });
    const out = await tempDir();
    try {
      const g = guideFor(sim.sim);
      const meta = [...g.helpCenter.attachmentMeta.values()].find((m) => m.content.key === "large")!;
      const expected = contentBytes(11, meta.content);
      const child = spawn(process.execPath, [join(import.meta.dirname, "../../test/kill-child.mjs"), sim.url, out.dir], { stdio: "pipe" });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise((r) => child.on("exit", r));
      // Wait until the large transfer is under way (a .part file with some bytes), then kill -9.
      const tmp = join(out.dir, "files", ".tmp");
      const deadline = Date.now() + 20_000;
      for (;;) {
        const parts = await readdir(tmp).catch(() => [] as string[]);
        const sizes = await Promise.all(parts.map((p) => stat(join(tmp, p)).then((s) => s.size, () => 0)));
        if (sizes.some((s) => s > 64 * 1024)) break;
        if (Date.now() > deadline) throw new Error(`the child never started the large transfer: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill("SIGKILL");
      await exited;
      const finalPath = join(out.dir, "files", sha(expected).slice(0, 2), `${sha(expected)}.zip`);
      await expect(stat(finalPath)).rejects.toThrow();
      // Partitions (articles) are read concurrently, so a small attachment of another article may be
      // mid-transfer at the kill too: every leftover is a .part file of the killed process, and
      // exactly one of them is the large file, partial.
      const leftovers = await readdir(tmp);
      for (const name of leftovers) expect(name).toMatch(new RegExp(`^${child.pid}-[0-9a-f-]{36}\\.part$`));
      const leftoverSizes = await Promise.all(leftovers.map((name) => stat(join(tmp, name)).then((s) => s.size)));
      expect(leftoverSizes.filter((size) => size > 64 * 1024 && size < big)).toHaveLength(1);
      // Next sync: the partial file is swept, the file is stored whole.
      g.options.cdnChunkDelayMs = 0;
      const result = await readStream(articleAttachments, sim, { output: out.dir });
      const record = result.records.find((r) => r.file_name === "large-video.zip")!;
      expect(record.file_relative_path).toBe(relative(out.dir, finalPath));
      expect((await readFile(finalPath)).equals(expected)).toBe(true);
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      await sim.close();
      await out.cleanup();
    }
  }, 60_000);
});
