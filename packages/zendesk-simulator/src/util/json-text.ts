/**
 * JSON written straight into bytes, for the export pages of the lazily generated records.
 *
 * Serializing a generated ticket with JSON.stringify costs about as much CPU as a client's
 * JSON.parse of it, and the page-sized string then needs a UTF-8 encoding pass. Instead the
 * ticket and user generators emit their fields through a record sink (../store/record-sink.ts) whose
 * bytes variant appends the record's JSON to a page's `ByteWriter`: constant keys and vocabulary
 * are copied as pre-encoded chunks, numbers and strings are encoded byte by byte, no string is
 * allocated for them. The export handlers use it for base records without building an object.
 *
 * Generated record objects are also marked with a writer (`attachJson`) that regenerates their
 * JSON the same way, so `jsonPage` (../core/http.ts) writes them without JSON.stringify too. The
 * mark is a non-enumerable symbol property, so spreads, Object.keys, JSON.stringify,
 * structuredClone and deep equality do not see it (a spread copy is an ordinary record again).
 * Records are never changed in place (they are replaced), so the writer's output stays the
 * record's JSON; tests hold `bytes === JSON.stringify(record)`.
 */
import { toIso } from "./clock.js";

export const RECORD_WRITER: unique symbol = Symbol("calabi.recordJsonWriter");

/** Writes a record's JSON into a ByteWriter. */
export type JsonWriter<T> = (w: ByteWriter, record: T) => void;

/** Mark `record` as written by `writer`. */
export function attachJson<T extends object>(record: T, writer: JsonWriter<T>): T {
  Object.defineProperty(record, RECORD_WRITER, { value: writer, enumerable: false, writable: false, configurable: false });
  return record;
}

/** The writer attached to a record, if any. */
export function writerOf(record: unknown): JsonWriter<unknown> | undefined {
  if (record === null || typeof record !== "object") return undefined;
  return (record as { [RECORD_WRITER]?: JsonWriter<unknown> })[RECORD_WRITER];
}

/** Bytes of a constant chunk of JSON (keys, punctuation). */
export const chunk = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));

const HEX = "0123456789abcdef";
/** what `str` cannot copy as is: JSON escapes and non-ASCII */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\uffff]/;
/** Node's Buffer#latin1Write (one copy of a one-byte string), when present */
const latin1Write = (Buffer.prototype as unknown as { latin1Write?: (this: Buffer, s: string, offset: number) => number }).latin1Write;
const MAX_DIGITS = 2 ** 53;

/** A growable byte buffer with JSON encoders (the same output as JSON.stringify, UTF-8). */
export class ByteWriter {
  buf: Buffer;
  at = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(64, capacity));
  }
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
  /** The bytes written so far (a view, no copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
  /** A constant chunk. */
  raw(c: Uint8Array): void {
    const n = c.length;
    this.ensure(n);
    const buf = this.buf;
    let at = this.at;
    if (n > 8) {
      buf.set(c, at);
      at += n;
    } else {
      for (let i = 0; i < n; i++) buf[at++] = c[i];
    }
    this.at = at;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }
  /** UTF-8 of any JS string, written as is (for text that is already JSON). */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at, "utf8");
  }
  /** A JSON number (JSON.stringify's: non-finite → null). */
  num(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < MAX_DIGITS) {
      this.ensure(17);
      if (n < 1e8) this.at = writeUint(this.buf, this.at, n);
      else {
        // two int-sized halves: integer division on doubles is slow
        const hi = Math.floor(n / 1e8);
        const at = writeUint(this.buf, this.at, hi);
        this.at = writeDigits8(this.buf, at, n - hi * 1e8);
      }
      return;
    }
    this.utf8(Number.isFinite(n) ? String(n) : "null");
  }
  /** A JSON string literal, quotes included, escaped and UTF-8 encoded like JSON.stringify. */
  str(s: string): void {
    const len = s.length;
    this.ensure(len * 6 + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x22;
    if (len > 24 && latin1Write !== undefined && !NEEDS_ESCAPE.test(s)) {
      // plain ASCII: one native copy beats the loop for longer strings
      at += latin1Write.call(buf, s, at);
      buf[at++] = 0x22;
      this.at = at;
      return;
    }
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          buf[at++] = c;
          continue;
        }
        buf[at++] = 0x5c;
        if (c === 0x22 || c === 0x5c) buf[at++] = c;
        else if (c === 0x08) buf[at++] = 0x62; // b
        else if (c === 0x09) buf[at++] = 0x74; // t
        else if (c === 0x0a) buf[at++] = 0x6e; // n
        else if (c === 0x0c) buf[at++] = 0x66; // f
        else if (c === 0x0d) buf[at++] = 0x72; // r
        else at = hex4(buf, at, c);
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[at++] = 0xf0 | (cp >> 18);
          buf[at++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[at++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[at++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // a lone surrogate: JSON.stringify writes it as an escape
          buf[at++] = 0x5c;
          at = hex4(buf, at, c);
        }
      } else {
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      }
    }
    buf[at++] = 0x22;
    this.at = at;
  }
  /** Unix seconds as the ISO-8601 string literal `toIso` gives (./clock.ts). */
  iso(seconds: number): void {
    this.str(toIso(seconds));
  }
  /** A string or null. */
  nstr(v: unknown): void {
    if (typeof v === "string") this.str(v);
    else if (v === null) this.raw(NULL);
    else this.value(v);
  }
  /** A number or null. */
  nnum(v: unknown): void {
    if (typeof v === "number") this.num(v);
    else if (v === null) this.raw(NULL);
    else this.value(v);
  }
  bool(v: unknown): void {
    if (v === true) this.raw(TRUE);
    else if (v === false) this.raw(FALSE);
    else this.value(v);
  }
  /** Any JSON value: scalars directly, anything else through JSON.stringify. */
  value(v: unknown): void {
    if (typeof v === "string") this.str(v);
    else if (typeof v === "number") this.num(v);
    else if (v === null) this.raw(NULL);
    else if (v === true) this.raw(TRUE);
    else if (v === false) this.raw(FALSE);
    else this.utf8(JSON.stringify(v) ?? "null");
  }
  /** Any JSON-able value, like JSON.stringify (plain data: objects, arrays, scalars; toJSON honoured). */
  json(v: unknown): void {
    if (v === null || typeof v !== "object") {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") this.raw(NULL);
      else this.value(v);
      return;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
      this.json((v as { toJSON(): unknown }).toJSON());
      return;
    }
    if (Array.isArray(v)) {
      this.byte(0x5b);
      for (let i = 0; i < v.length; i++) {
        if (i) this.byte(0x2c);
        this.json(v[i]);
      }
      this.byte(0x5d);
      return;
    }
    this.byte(0x7b);
    let first = true;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.str(k);
      this.byte(0x3a);
      this.json(x);
    }
    this.byte(0x7d);
  }
  /** An array of numbers. */
  nums(a: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i) this.byte(0x2c);
      this.nnum(a[i]);
    }
    this.byte(0x5d);
  }
  /** An array of strings. */
  strs(a: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i) this.byte(0x2c);
      this.nstr(a[i]);
    }
    this.byte(0x5d);
  }
}

/** Digits of 0 <= n < 1e8 at `at`; returns the new end. */
function writeUint(buf: Buffer, at: number, n: number): number {
  let x = n | 0;
  let digits = 1;
  for (let p = 10; p <= x; p *= 10) digits++;
  let end = at + digits;
  const stop = end;
  do {
    const q = (x / 10) | 0;
    buf[--end] = 0x30 + (x - q * 10);
    x = q;
  } while (x > 0);
  return stop;
}

/** Exactly 8 digits (leading zeros kept) of 0 <= n < 1e8. */
function writeDigits8(buf: Buffer, at: number, n: number): number {
  let x = n | 0;
  for (let i = at + 7; i >= at; i--) {
    const q = (x / 10) | 0;
    buf[i] = 0x30 + (x - q * 10);
    x = q;
  }
  return at + 8;
}

function hex4(buf: Buffer, at: number, c: number): number {
  buf[at++] = 0x75; // u
  buf[at++] = HEX.charCodeAt((c >> 12) & 15);
  buf[at++] = HEX.charCodeAt((c >> 8) & 15);
  buf[at++] = HEX.charCodeAt((c >> 4) & 15);
  buf[at++] = HEX.charCodeAt(c & 15);
  return at;
}

const NULL = chunk("null");
const TRUE = chunk("true");
const FALSE = chunk("false");
