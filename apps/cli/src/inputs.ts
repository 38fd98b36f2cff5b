import { readFile, stat } from "node:fs/promises";
import {
  checkSavedStates,
  ConfigError,
  parseStateInput,
  redactor,
  validateConfiguredCatalog,
  type ConfiguredCatalog,
  type Stream,
  type StreamStates,
} from "@calabi/kernel";

/**
 * Reads and parses a JSON file. The message never quotes the file's contents (a broken config may
 * hold secrets that cannot be registered for redaction yet): it names the file and the position.
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ConfigError(`The ${what} ${path} is a directory, not a JSON file.`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new ConfigError(`Cannot read the ${what} ${path}: ${reason}.`);
  }
  if (text.trim() === "") throw new ConfigError(`The ${what} ${path} is empty; it must contain JSON.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The ${what} ${path} is not valid JSON (${jsonErrorWhere(error, text)}).`);
  }
}

function jsonErrorWhere(error: unknown, text: string): string {
  const message = (error as Error)?.message ?? "";
  const match = /position (\d+)/.exec(message);
  if (match) {
    const position = Number(match[1]);
    const before = text.slice(0, position);
    const line = before.split("\n").length;
    const column = position - before.lastIndexOf("\n");
    return `syntax error at line ${line}, column ${column}`;
  }
  if (/end of (JSON )?input/i.test(message)) return "the text ends before the JSON value is complete";
  return "syntax error";
}

/** Reads the config file and registers every secret in it with the redactor before anything else. */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const raw = await readJsonFile(path, "config file");
  redactor.registerFromObject(raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`The config file ${path} must contain a JSON object, e.g. {"subdomain": "acme", "credentials": {...}}.`);
  }
  return raw as Record<string, unknown>;
}

export async function readCatalogFile(path: string, streams: ReadonlyMap<string, Stream<any, any>>): Promise<ConfiguredCatalog> {
  const raw = await readJsonFile(path, "catalog file");
  return validateConfiguredCatalog(raw, streams, `The catalog file ${path}`);
}

export async function readStateFile(path: string): Promise<StreamStates> {
  const raw = await readJsonFile(path, "state file");
  return parseStateInput(raw, `The state file ${path}`);
}

/**
 * The saved states a run may resume from: every cursor is checked (a future or non-timestamp cursor
 * is refused), and the streams named by `--reset-state` (a list, or "all") start again.
 */
export function trustedStates(
  states: StreamStates,
  streams: ReadonlyMap<string, Stream<any, any>>,
  origin: string,
  resetFlag: string | undefined,
  now = Date.now(),
): StreamStates {
  const names = splitList(resetFlag);
  if (resetFlag !== undefined && names.length === 0) throw new ConfigError(`--reset-state is empty; name the streams whose state to drop, or "all".`);
  const reset = new Set(names.map((n) => (n === "all" ? "*" : n)));
  return checkSavedStates(states, streams, { now, origin, resetFlag: "--reset-state", reset });
}

/** Splits a comma-separated flag value, dropping blanks. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
