/**
 * Small file-system primitives with the durability steps spelled out: fsync of a directory after
 * a rename, create or unlink, removal that tolerates absence, and repair of a torn last line.
 */
import { open, rename, unlink, stat } from "node:fs/promises";

const NEWLINE = 0x0a;

function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === "object" && error !== null && codes.includes((error as { code?: string }).code ?? "");
}

/** Makes a directory's entries (files created, renamed or removed in it) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
  } catch (error) {
    // Windows cannot open a directory for reading; its renames are durable through the file's own flush.
    if (process.platform === "win32" && isCode(error, "EISDIR", "EPERM", "EACCES")) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, "EINVAL", "EPERM", "EISDIR", "ENOTSUP")) throw error;
  } finally {
    await handle.close();
  }
}

/** Removes a file; true when it existed. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isCode(error, "ENOENT")) return false;
    throw error;
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isCode(error, "ENOENT")) return false;
    throw error;
  }
}

/** Atomically replaces `target` by `source` and makes the rename durable. */
export async function durableRename(source: string, target: string, dir: string): Promise<void> {
  await rename(source, target);
  await fsyncDirectory(dir);
}

export interface TailRepair {
  /** "none": the file is absent, empty or ends with a newline. */
  action: "none" | "terminated" | "truncated";
  /** Length of the unterminated last line. */
  bytes: number;
}

/**
 * Repairs the unterminated last line a killed writer can leave in a JSONL file. Every flushed write
 * ends on a line boundary, so such a line was never flushed: when `isComplete` accepts it (the
 * write was cut just before its newline) the newline is added, otherwise the line is cut off.
 */
export async function repairTornTail(
  path: string,
  isComplete: (line: Buffer) => boolean,
  chunkSize = 64 * 1024,
): Promise<TailRepair> {
  let handle;
  try {
    handle = await open(path, "r+");
  } catch (error) {
    if (isCode(error, "ENOENT")) return { action: "none", bytes: 0 };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return { action: "none", bytes: 0 };
    const buffer = Buffer.alloc(Math.min(chunkSize, size));
    let end = size;
    let keep = 0;
    search: while (end > 0) {
      const start = Math.max(0, end - buffer.length);
      const { bytesRead } = await handle.read(buffer, 0, end - start, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (buffer[i] === NEWLINE) {
          keep = start + i + 1;
          break search;
        }
      }
      end = start;
    }
    const bytes = size - keep;
    if (bytes === 0) return { action: "none", bytes: 0 };
    const tail = Buffer.alloc(bytes);
    await handle.read(tail, 0, bytes, keep);
    let action: TailRepair["action"];
    if (isComplete(tail)) {
      await handle.write(Buffer.from("\n"), 0, 1, size);
      action = "terminated";
    } else {
      await handle.truncate(keep);
      action = "truncated";
    }
    await handle.sync();
    return { action, bytes };
  } finally {
    await handle.close();
  }
}
