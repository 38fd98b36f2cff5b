/**
 * Primary keys of configured streams and of records. A key is a list of field paths
 * (Airbyte-style `[["id"]]`, or `[["ticket_id"], ["id"]]` for a composite key); a record's key is
 * the canonical JSON of the values at those paths.
 */
import type { ConfiguredAirbyteStream } from "@calabi/kernel";

export type KeyPaths = string[][];

function isKeyPaths(value: unknown): value is KeyPaths {
  return (
    Array.isArray(value) &&
    value.every(
      (path) => Array.isArray(path) && path.length > 0 && path.every((field) => typeof field === "string"),
    )
  );
}

/**
 * The configured stream's `primary_key` when it names at least one field, otherwise the stream's
 * `source_defined_primary_key`; an empty list when neither does. Throws on a malformed key.
 */
export function resolvePrimaryKey(configured: ConfiguredAirbyteStream): KeyPaths {
  for (const candidate of [configured.primary_key, configured.stream.source_defined_primary_key]) {
    if (candidate === undefined || (Array.isArray(candidate) && candidate.length === 0)) continue;
    if (!isKeyPaths(candidate)) {
      throw new Error(
        `Stream ${JSON.stringify(configured.stream.name)} has a malformed primary key ${JSON.stringify(candidate)}: ` +
          "expected a list of non-empty field paths such as [[\"id\"]]",
      );
    }
    return candidate;
  }
  return [];
}

function valueAt(record: unknown, path: string[]): unknown {
  let current: unknown = record;
  for (const field of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, field)) return undefined;
    current = (current as Record<string, unknown>)[field];
  }
  return current;
}

/**
 * The record's key as a string usable in a Map, or undefined when a key field is missing or null
 * (such a record cannot be matched with any other version of itself).
 */
export function primaryKeyOf(record: unknown, paths: KeyPaths): string | undefined {
  if (paths.length === 0) return undefined;
  const values: unknown[] = [];
  for (const path of paths) {
    const value = valueAt(record, path);
    if (value === undefined || value === null) return undefined;
    values.push(value);
  }
  return JSON.stringify(values);
}
