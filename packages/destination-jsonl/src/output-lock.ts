/**
 * One writer per output directory. Two syncs interleaving renames, journals and compactions in the
 * same directory would lose records, so an open destination holds `<output>/.calabi-jsonl.lock`
 * (created exclusively, holding the owner's pid). A lock whose process is gone (a killed run) is
 * taken over; a lock held by a live process is refused with a clear error.
 */
import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, type Logger } from "@calabi/kernel";

export const LOCK_FILE = ".calabi-jsonl.lock";

/** Locks held by this process: a second destination on the same directory is refused too. */
const heldHere = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, "utf8")).trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
}

export class OutputLock {
  private released = false;

  private constructor(readonly path: string) {}

  static async acquire(dir: string, logger: Logger): Promise<OutputLock> {
    const path = join(dir, LOCK_FILE);
    if (heldHere.has(path)) {
      throw new ConfigError(`Output directory ${dir} is already open in this process by another JSONL destination`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(path, "wx");
        try {
          await handle.writeFile(`${process.pid}\n`);
        } finally {
          await handle.close();
        }
        heldHere.add(path);
        return new OutputLock(path);
      } catch (error) {
        if ((error as { code?: string }).code !== "EEXIST" || attempt >= 2) throw error;
      }
      const owner = await readOwner(path);
      // Our own pid without an in-process holder: a previous incarnation (e.g. a restarted container).
      if (owner !== undefined && owner !== process.pid && processAlive(owner)) {
        throw new ConfigError(
          `Output directory ${dir} is in use by process ${owner} (lock file ${path}). ` +
            "If no sync is writing there, delete the lock file.",
        );
      }
      logger.info("Taking over the lock of an interrupted run", { lock: path, pid: owner });
      try {
        await unlink(path);
      } catch (error) {
        if ((error as { code?: string }).code !== "ENOENT") throw error;
      }
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.path);
    try {
      await unlink(this.path);
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
  }
}
