/**
 * The key hash of every line this run appended to an append-dedup journal, kept as the records are
 * written so the compaction at the end of the stream need not parse the journal again: the 64-bit
 * hash of each keyed line's key in a HashSpill (a bounded buffer, spilled to a temporary file), one
 * bit per line for the lines only a parse can tell, and counts (no key strings, and memory that
 * does not grow with the number of records beyond that bit).
 *
 * A line's entry is taken from the record object only when serializing and parsing the line would
 * give the same key and the same tombstone verdict: every step of a key path is an own, enumerable
 * field of a plain object without `toJSON`, and the key value is a string or a finite number (or
 * missing/null: a keyless record). Anything else (a boolean or object key, a record carrying
 * `_ab_cdc_deleted_at`, a class instance, a deletion) is marked `UNKNOWN` and the compaction
 * parses that line. Hash matches are only candidates: compaction verifies them by the real keys.
 */
import { BitSet } from "./bitset.js";
import { HashSpill } from "./hash-spill.js";
import { hash64 } from "./key-index.js";
import type { KeyPaths } from "./primary-key.js";
import { CDC_DELETED_AT } from "./json-line.js";

export const KEYED = 0;
export const KEYLESS = 1;
export const UNKNOWN = 2;

const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}

/** KEYED with the key's JSON (as `primaryKeyOf` of the parsed line gives it), KEYLESS or UNKNOWN. */
export function keyOfRecord(record: unknown, paths: KeyPaths): { kind: typeof KEYED; key: string } | { kind: typeof KEYLESS | typeof UNKNOWN } {
  if (!isPlainObject(record) || hasOwn.call(record, CDC_DELETED_AT)) return { kind: UNKNOWN };
  const values: (string | number)[] = [];
  for (const path of paths) {
    let current: unknown = record;
    for (const field of path) {
      if (!isPlainObject(current)) return { kind: UNKNOWN };
      if (!hasOwn.call(current, field)) return { kind: KEYLESS };
      if (!isEnumerable.call(current, field)) return { kind: UNKNOWN };
      current = current[field];
    }
    if (current === undefined || current === null) return { kind: KEYLESS };
    if (typeof current === "string" || (typeof current === "number" && Number.isFinite(current))) values.push(current);
    else return { kind: UNKNOWN };
  }
  return paths.length === 0 ? { kind: KEYLESS } : { kind: KEYED, key: JSON.stringify(values) };
}

export class JournalKeys {
  /** The KEYED lines' hashes, by journal line number (bounded memory, see hash-spill.ts). */
  readonly spill: HashSpill;
  private unknownLines = new BitSet();
  /** Lines recorded. */
  count = 0;
  /** Lines marked UNKNOWN (the compaction reads the journal to parse them). */
  unknown = 0;
  /** Lines marked KEYLESS. */
  keyless = 0;

  /**
   * `spillPath` is the temporary file the hashes go to once more than a buffer's worth are
   * recorded; `hash` must be the compaction's key hash (tests force collisions through both).
   */
  constructor(
    private readonly paths: KeyPaths,
    spillPath: string,
    readonly hash: (key: string) => [number, number] = hash64,
    spillBufferEntries?: number,
  ) {
    this.spill = new HashSpill(spillPath, spillBufferEntries);
  }

  /** Records the line of `record`, appended after every line recorded before. */
  addRecord(record: unknown): void {
    const entry = keyOfRecord(record, this.paths);
    if (entry.kind === KEYED) {
      const [hi, lo] = this.hash(entry.key);
      this.spill.add(hi, lo, this.count);
    } else if (entry.kind === KEYLESS) {
      this.keyless++;
    } else {
      this.unknownLines.add(this.count);
      this.unknown++;
    }
    this.count++;
  }

  /** Records a line whose key only a parse can tell (e.g. a tombstone). */
  addUnknown(): void {
    this.unknownLines.add(this.count);
    this.unknown++;
    this.count++;
  }

  isUnknown(line: number): boolean {
    return this.unknownLines.has(line);
  }

  /** Drops everything recorded and the spill's temporary file. */
  release(): void {
    this.spill.close();
    this.unknownLines = new BitSet();
  }
}
