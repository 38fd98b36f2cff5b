/**
 * Where a generator puts a record's fields: one emitting code path, two outputs.
 *
 * The ticket and user generators (../account/tickets.ts, ../account/users.ts) do not build objects themselves: they
 * call a `RecordSink` once per field, in the record's key order, while they draw its values. An
 * `ObjectSink` assembles the JsonObject everything else uses (mutations, ground truth, search,
 * derived data); a `BytesSink` appends the same record's JSON text straight into a page buffer
 * (../util/json-text.ts ByteWriter), which is what the export pages of base records use: no record
 * object, no strings for keys or vocabulary, nothing for the garbage collector to copy while a
 * 1,000-record page is written. Because both outputs come from the same calls, the bytes are
 * JSON.stringify of the object by construction (record-sink.test.ts checks it over many records).
 *
 * Constant key names and vocabulary values are prepared once as `Key`s and `Word`s: their text for
 * the object sink, their encoded JSON bytes for the bytes sink.
 */
import { toIso } from "../util/clock.js";
import { chunk, type ByteWriter } from "../util/json-text.js";
import type { Json, JsonObject } from "../core/types.js";

/** A field name: the property name, and its JSON (`"name":`, and `,"name":` after another field). */
export class Key {
  readonly bytes: Uint8Array;
  readonly commaBytes: Uint8Array;
  constructor(readonly name: string) {
    this.bytes = chunk(`${JSON.stringify(name)}:`);
    this.commaBytes = chunk(`,${JSON.stringify(name)}:`);
  }
}

/** Keys by name, for a generator's field list: `const K = keys("id", "url")` → `K.id`, `K.url`. */
export function keys<N extends string>(...names: N[]): { readonly [k in N]: Key } {
  const out = {} as { [k in N]: Key };
  for (const n of names) out[n] = new Key(n);
  return out;
}

/** A constant string value: its text, its JSON literal (quotes included) and that literal without its quotes. */
export class Word {
  readonly json: Uint8Array;
  readonly inner: Uint8Array;
  constructor(readonly text: string) {
    this.json = chunk(JSON.stringify(text));
    this.inner = this.json.subarray(1, this.json.length - 1);
  }
}
export const word = (text: string): Word => new Word(text);

/** A constant JSON value (e.g. a configuration id): the value, and its JSON. */
export class Const {
  readonly json: Uint8Array;
  constructor(readonly value: Json) {
    this.json = chunk(JSON.stringify(value));
  }
}

/**
 * A run of consecutive fields whose values never change (`"forum_topic_id":null,"problem_id":null`):
 * one call, and for bytes one copy. Values are scalars or empty arrays (copied for each object).
 */
export class Fixed {
  readonly bytes: Uint8Array;
  readonly commaBytes: Uint8Array;
  constructor(readonly fields: readonly (readonly [Key, Json])[]) {
    const text = fields.map(([k, v]) => `${JSON.stringify(k.name)}:${JSON.stringify(v)}`).join(",");
    this.bytes = chunk(text);
    this.commaBytes = chunk(`,${text}`);
  }
}

/** A part of a `join`ed string: a word, or a number written in decimal. */
export type Part = Word | number;

/** The string that `join` writes for these parts. */
export function partsText(parts: readonly Part[]): string {
  let s = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    s += typeof p === "number" ? p : p.text;
  }
  return s;
}

/**
 * Receives a record's fields in key order. `k` is the field's key, or null for an element of the
 * list being written (`openList`). Values are JSON scalars unless the method says otherwise.
 */
export interface RecordSink {
  /** Start the record (the top-level object). */
  begin(): void;
  /** Finish the record. */
  end(): void;
  /** A nested object: the fields until the matching `close()` are its own. */
  open(k: Key | null): void;
  close(): void;
  /** A nested array: the values (k = null) until the matching `closeList()` are its elements. */
  openList(k: Key | null): void;
  closeList(): void;
  str(k: Key | null, v: string | null): void;
  word(k: Key | null, v: Word | null): void;
  /** The string `prefix + n + suffix` (urls like `…/tickets/7.json`), without building it for bytes. */
  strNum(k: Key | null, prefix: Word, n: number, suffix: Word): void;
  /** The string concatenating `parts` (a sentence, a subject, a name), without building it for bytes. */
  join(k: Key | null, parts: readonly Part[]): void;
  /** An array of words. */
  words(k: Key | null, a: readonly Word[]): void;
  /** A constant value. */
  constant(k: Key | null, v: Const): void;
  /** Fields whose values never change, in order. */
  fixed(run: Fixed): void;
  /** Unix seconds as an ISO-8601 string (`toIso`), or null. */
  time(k: Key | null, seconds: number | null): void;
  num(k: Key | null, v: number | null): void;
  bool(k: Key | null, v: boolean | null): void;
  /** Any JSON scalar. */
  scalar(k: Key | null, v: Json): void;
  /** An array of numbers (copied: callers may reuse theirs). */
  nums(k: Key | null, a: readonly number[]): void;
  /** An array of strings (copied). */
  strs(k: Key | null, a: readonly string[]): void;
}

/** Builds the record as a JsonObject (`take()` after `end()`). */
export class ObjectSink implements RecordSink {
  private readonly stack: (JsonObject | Json[])[] = [];
  private top: JsonObject | Json[] = {};
  private root: JsonObject = {};

  take(): JsonObject {
    return this.root;
  }
  private put(k: Key | null, v: Json): void {
    if (k === null) (this.top as Json[]).push(v);
    else (this.top as JsonObject)[k.name] = v;
  }
  begin(): void {
    this.stack.length = 0;
    this.top = this.root = {};
  }
  end(): void {}
  open(k: Key | null): void {
    const o: JsonObject = {};
    this.put(k, o);
    this.stack.push(this.top);
    this.top = o;
  }
  close(): void {
    this.top = this.stack.pop()!;
  }
  openList(k: Key | null): void {
    const a: Json[] = [];
    this.put(k, a);
    this.stack.push(this.top);
    this.top = a;
  }
  closeList(): void {
    this.top = this.stack.pop()!;
  }
  str(k: Key | null, v: string | null): void {
    this.put(k, v);
  }
  word(k: Key | null, v: Word | null): void {
    this.put(k, v === null ? null : v.text);
  }
  strNum(k: Key | null, prefix: Word, n: number, suffix: Word): void {
    this.put(k, prefix.text + n + suffix.text);
  }
  join(k: Key | null, parts: readonly Part[]): void {
    this.put(k, partsText(parts));
  }
  words(k: Key | null, a: readonly Word[]): void {
    this.put(k, a.map((w) => w.text));
  }
  constant(k: Key | null, v: Const): void {
    this.put(k, v.value);
  }
  fixed(run: Fixed): void {
    for (const [k, v] of run.fields) this.put(k, Array.isArray(v) ? v.slice() : v);
  }
  time(k: Key | null, seconds: number | null): void {
    this.put(k, seconds === null ? null : toIso(seconds));
  }
  num(k: Key | null, v: number | null): void {
    this.put(k, v);
  }
  bool(k: Key | null, v: boolean | null): void {
    this.put(k, v);
  }
  scalar(k: Key | null, v: Json): void {
    this.put(k, v);
  }
  nums(k: Key | null, a: readonly number[]): void {
    this.put(k, a.slice());
  }
  strs(k: Key | null, a: readonly string[]): void {
    this.put(k, a.slice());
  }
}

const NULL = chunk("null");
const TRUE = chunk("true");
const FALSE = chunk("false");

/**
 * Appends the record's JSON to a ByteWriter (the same text JSON.stringify gives the object sink's
 * record, as UTF-8). `comma` says whether the next field or element needs a separating comma; it
 * needs no stack, because after any value (a closed object or list included) the next one does.
 */
export class BytesSink implements RecordSink {
  private comma = false;
  constructor(public w: ByteWriter) {}

  /** Writes `,` if needed and the key; the value follows. */
  private lead(k: Key | null): void {
    if (k !== null) this.w.raw(this.comma ? k.commaBytes : k.bytes);
    else if (this.comma) this.w.byte(0x2c);
    this.comma = true;
  }
  begin(): void {
    this.comma = false;
    this.w.byte(0x7b);
  }
  end(): void {
    this.w.byte(0x7d);
  }
  open(k: Key | null): void {
    this.lead(k);
    this.w.byte(0x7b);
    this.comma = false;
  }
  close(): void {
    this.w.byte(0x7d);
    this.comma = true;
  }
  openList(k: Key | null): void {
    this.lead(k);
    this.w.byte(0x5b);
    this.comma = false;
  }
  closeList(): void {
    this.w.byte(0x5d);
    this.comma = true;
  }
  str(k: Key | null, v: string | null): void {
    this.lead(k);
    if (v === null) this.w.raw(NULL);
    else this.w.str(v);
  }
  word(k: Key | null, v: Word | null): void {
    this.lead(k);
    this.w.raw(v === null ? NULL : v.json);
  }
  strNum(k: Key | null, prefix: Word, n: number, suffix: Word): void {
    this.lead(k);
    const w = this.w;
    w.byte(0x22);
    w.raw(prefix.inner);
    w.num(n);
    w.raw(suffix.inner);
    w.byte(0x22);
  }
  join(k: Key | null, parts: readonly Part[]): void {
    this.lead(k);
    const w = this.w;
    w.byte(0x22);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (typeof p === "number") w.num(p);
      else w.raw(p.inner);
    }
    w.byte(0x22);
  }
  words(k: Key | null, a: readonly Word[]): void {
    this.lead(k);
    const w = this.w;
    w.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) w.byte(0x2c);
      w.raw(a[i].json);
    }
    w.byte(0x5d);
  }
  constant(k: Key | null, v: Const): void {
    this.lead(k);
    this.w.raw(v.json);
  }
  fixed(run: Fixed): void {
    this.w.raw(this.comma ? run.commaBytes : run.bytes);
    this.comma = true;
  }
  time(k: Key | null, seconds: number | null): void {
    this.lead(k);
    if (seconds === null) this.w.raw(NULL);
    else this.w.iso(seconds);
  }
  num(k: Key | null, v: number | null): void {
    this.lead(k);
    if (v === null) this.w.raw(NULL);
    else this.w.num(v);
  }
  bool(k: Key | null, v: boolean | null): void {
    this.lead(k);
    this.w.raw(v === null ? NULL : v ? TRUE : FALSE);
  }
  scalar(k: Key | null, v: Json): void {
    this.lead(k);
    this.w.value(v);
  }
  nums(k: Key | null, a: readonly number[]): void {
    this.lead(k);
    this.w.nums(a);
  }
  strs(k: Key | null, a: readonly string[]): void {
    this.lead(k);
    this.w.strs(a);
  }
}
