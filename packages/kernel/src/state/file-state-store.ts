import { readFile } from "node:fs/promises";
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
    let json: unknown;
    try {
      json = text.trim() === "" ? [] : JSON.parse(text);
    } catch (error) {
      throw new ConfigError(
        `The state file ${this.path} is not valid JSON (${(error as Error).message}). Fix it, or delete it to sync from the start date.`,
      );
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
