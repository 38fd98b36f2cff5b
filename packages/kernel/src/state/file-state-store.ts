import { readdir, readFile, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { StateStore, StreamStates } from "../contracts/state.js";
import type { StreamState } from "../contracts/stream.js";
import { ConfigError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { parseStateInput, serializeStates } from "./state-file.js";

/** State in one JSON file, rewritten atomically on every commit; commits are serialised. */
export class FileStateStore implements StateStore {
  private states: StreamStates = {};
  private loaded = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async load(): Promise<StreamStates> {
    await removeOrphanedTempFiles(this.path);
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.loaded = true;
        return {};
      }
      throw new ConfigError(`Cannot read the state file ${this.path}: ${(error as Error).message}.`);
    }
    // calabi replaces the file atomically, so it is never empty or null: such a file was truncated or
    // edited by something else, and treating it as "no state" would silently restart every stream.
    if (text.trim() === "") {
      throw new ConfigError(`The state file ${this.path} is empty. It was not written by calabi; restore it, or delete it to sync every stream from the start date.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(
        `The state file ${this.path} is not valid JSON (${(error as Error).message}). Fix it, or delete it to sync from the start date.`,
      );
    }
    if (json === null) {
      throw new ConfigError(`The state file ${this.path} holds null instead of a list of stream states; restore it, or delete it to sync every stream from the start date.`);
    }
    this.states = parseStateInput(json, `The state file ${this.path}`);
    this.loaded = true;
    return { ...this.states };
  }

  commit(stream: string, state: StreamState): Promise<void> {
    const run = async () => {
      if (!this.loaded) await this.load();
      this.states = { ...this.states, [stream]: state };
      await writeFileAtomic(this.path, serializeStates(this.states));
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Removes the temporary files an atomic write of `path` leaves behind when its process is killed or
 * the disk fills (`.<name>.<pid>.<ms>.tmp`), unless that process is still running (a second sync on
 * the same directory).
 */
async function removeOrphanedTempFiles(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!match || isRunning(Number(match[1]))) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** State kept in memory only (the Airbyte `read` command: the platform stores STATE messages). */
export class MemoryStateStore implements StateStore {
  constructor(private states: StreamStates = {}) {}
  async load(): Promise<StreamStates> {
    return { ...this.states };
  }
  async commit(stream: string, state: StreamState): Promise<void> {
    this.states = { ...this.states, [stream]: state };
  }
  snapshot(): StreamStates {
    return { ...this.states };
  }
}
