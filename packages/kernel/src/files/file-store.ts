/**
 * The local content-addressed FileStore: `<output>/files/<aa>/<sha256><.ext>`.
 * - Bounded memory: the body is streamed to `<output>/files/.tmp/<pid>-<uuid>.part` while hashing.
 * - Crash safety: temp file → fsync → rename → fsync the directory. A file under its hash name is
 *   always complete; a kill leaves only a `.part` file, swept by the next store of a live process.
 * - Identical content is stored once.
 * - Names never reach the file system except for a sanitised extension (`[a-z0-9]{1,10}`), so
 *   traversal, absolute paths and control characters in remote names are harmless.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { FileStore, StoreFileOptions, StoredFile } from "../contracts/files.js";
import { ConnectorError } from "../errors.js";
import { fsyncDirectory } from "../state/atomic-write.js";

export class FileTooLargeError extends ConnectorError {
  constructor(
    readonly limit: number,
    readonly seen: number,
  ) {
    super(`the file is larger than the ${limit}-byte limit (stopped after ${seen} bytes)`, "system_error");
    this.name = "FileTooLargeError";
  }
}

export const FILES_DIRECTORY = "files";
const TEMP_DIRECTORY = ".tmp";

/** A display-safe version of a remote file name: last path segment, no control characters, ≤ 200 characters. */
export function sanitizeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let clean = last.replace(/[\u0000-\u001f\u007f]/g, "").replace(/^[.\s]+/, "").trim();
  if (clean.length > 200) {
    const ext = extensionOf(clean);
    clean = clean.slice(0, 200 - (ext ? ext.length + 1 : 0)) + (ext ? `.${ext}` : "");
  }
  return clean || "file";
}

/** The lower-case extension of a name when it is short and alphanumeric, else "". */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1].toLowerCase() : "";
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface LocalFileStore extends FileStore {
  /** Absolute path of `<output>/files`. */
  readonly directory: string;
  /** Deletes `.part` files left by processes that no longer run. Returns how many. */
  sweep(): Promise<number>;
}

export function createFileStore(outputDirectory: string): LocalFileStore {
  const root = join(outputDirectory, FILES_DIRECTORY);
  const temp = join(root, TEMP_DIRECTORY);
  let swept: Promise<number> | undefined;

  async function sweep(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(temp);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) continue;
      if (pid === process.pid) continue;
      await unlink(join(temp, name)).then(() => removed++, () => undefined);
    }
    return removed;
  }

  async function put(body: AsyncIterable<Uint8Array>, options: StoreFileOptions): Promise<StoredFile> {
    swept ??= mkdir(temp, { recursive: true }).then(sweep);
    await swept;
    const partPath = join(temp, `${process.pid}-${randomUUID()}.part`);
    const hash = createHash("sha256");
    let bytes = 0;
    const handle = await open(partPath, "wx", 0o644);
    let done = false;
    try {
      for await (const chunk of body) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
        bytes += chunk.byteLength;
        if (options.maxBytes !== undefined && bytes > options.maxBytes) throw new FileTooLargeError(options.maxBytes, bytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
      await handle.close();
      done = true;
      const sha256 = hash.digest("hex");
      const ext = extensionOf(sanitizeFileName(options.name));
      const relativeDir = `${FILES_DIRECTORY}/${sha256.slice(0, 2)}`;
      const relativePath = `${relativeDir}/${sha256}${ext ? `.${ext}` : ""}`;
      const finalPath = join(outputDirectory, relativePath);
      const exists = await stat(finalPath).then((s) => s.isFile() && s.size === bytes, () => false);
      if (exists) {
        await unlink(partPath);
        return { relativePath, bytes, sha256, deduplicated: true };
      }
      await mkdir(join(outputDirectory, relativeDir), { recursive: true });
      await rename(partPath, finalPath);
      await fsyncDirectory(join(outputDirectory, relativeDir));
      return { relativePath, bytes, sha256, deduplicated: false };
    } catch (error) {
      if (!done) await handle.close().catch(() => undefined);
      await unlink(partPath).catch(() => undefined);
      throw error;
    }
  }

  return { directory: root, put, sweep };
}
