/**
 * The key hash of every line this run appended to an append-dedup journal, kept as the records are
 * written so the compaction at the end of the stream need not parse the journal again: two 32-bit
 * hash halves and one kind byte per line (9 bytes a record, no key strings).
 *
 * A line's entry is taken from the record object only when serializing and parsing the line would
 * give the same key and the same tombstone verdict: every step of a key path is an own, enumerable
 * field of a plain object without `toJSON`, and the key value is a string or a finite number (or
 * missing/null: a keyless record). Anything else (a boolean or object key, a record carrying
 * `_ab_cdc_deleted_at`, a class instance, a deletion) is marked `UNKNOWN` and the compaction
 * parses that line. Hash matches are only candidates: compaction verifies them by the real keys.
 */
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
  private his = new Uint32Array(1024);
  private los = new Uint32Array(1024);
  private kinds = new Uint8Array(1024);
  /** Lines recorded. */
  count = 0;
  /** Lines marked UNKNOWN (the compaction reads the journal to parse them). */
  unknown = 0;

  /** `hash` must be the compaction's key hash (tests force collisions through both). */
  constructor(
    private readonly paths: KeyPaths,
    readonly hash: (key: string) => [number, number] = hash64,
  ) {}

  /** Records the line of `record`, appended after every line recorded before. */
  addRecord(record: unknown): void {
    const entry = keyOfRecord(record, this.paths);
    if (entry.kind === KEYED) {
      const [hi, lo] = this.hash(entry.key);
      this.push(KEYED, hi, lo);
    } else {
      this.push(entry.kind, 0, 0);
    }
  }

  /** Records a line whose key only a parse can tell (e.g. a tombstone). */
  addUnknown(): void {
    this.push(UNKNOWN, 0, 0);
  }

  /** Drops the arrays (the compaction calls it once the keys are in its index). */
  release(): void {
    this.his = new Uint32Array(0);
    this.los = new Uint32Array(0);
    this.kinds = new Uint8Array(0);
  }

  kind(line: number): number {
    return this.kinds[line]!;
  }

  hi(line: number): number {
    return this.his[line]!;
  }

  lo(line: number): number {
    return this.los[line]!;
  }

  private push(kind: number, hi: number, lo: number): void {
    if (this.count === this.kinds.length) {
      const grow = <T extends Uint32Array | Uint8Array>(old: T, next: T): T => {
        next.set(old);
        return next;
      };
      this.his = grow(this.his, new Uint32Array(this.count * 2));
      this.los = grow(this.los, new Uint32Array(this.count * 2));
      this.kinds = grow(this.kinds, new Uint8Array(this.count * 2));
    }
    this.his[this.count] = hi;
    this.los[this.count] = lo;
    this.kinds[this.count] = kind;
    if (kind === UNKNOWN) this.unknown++;
    this.count++;
  }
}
