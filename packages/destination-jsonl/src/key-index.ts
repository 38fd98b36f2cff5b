/**
 * A compact index of primary keys for compaction: an open-addressing hash table of the 64-bit hash
 * of each key to the last line added that carried it, in three typed arrays (12 bytes a slot, about
 * 24 bytes per distinct key) instead of a Map of key strings (about 100 bytes per key). The
 * compaction fills it with one partition of the lines at a time (see hash-spill.ts).
 *
 * A hash match is only a *candidate* duplicate: the index marks both lines as candidates, and the
 * compaction verifies candidates by their real keys (see compaction.ts), so a hash collision can
 * never drop a record. Every line whose key occurs again is a candidate, in whatever order lines
 * are added: when another line with the same hash arrives, the slot holds the last one added
 * before it, and that line was marked when it replaced the one before it (or is marked now).
 */
import { BitSet } from "./bitset.js";

const EMPTY = 0xffffffff;

export class KeyHashIndex {
  private capacity = 1 << 12;
  private his = new Uint32Array(this.capacity);
  private los = new Uint32Array(this.capacity);
  private lines = new Uint32Array(this.capacity).fill(EMPTY);
  /** Distinct key hashes held. */
  size = 0;
  candidateCount = 0;

  /**
   * `hash` is replaceable so tests can force collisions. `candidates` receives the lines whose key
   * hash occurs on another line too (to be checked by their real keys); it outlives `clear`.
   */
  constructor(
    private readonly hash: (key: string) => [number, number] = hash64,
    readonly candidates = new BitSet(),
  ) {}

  /** Records that `line` carries `key`. */
  add(key: string, line: number): void {
    const [hi, lo] = this.hash(key);
    this.addHash(hi, lo, line);
  }

  /** `add` for a key already hashed (with this index's hash). */
  addHash(hi: number, lo: number, line: number): void {
    let slot = this.find(hi, lo);
    const previous = this.lines[slot]!;
    if (previous !== EMPTY) {
      this.mark(previous);
      this.mark(line);
      this.lines[slot] = line;
      return;
    }
    if ((this.size + 1) * 4 > this.capacity * 3) {
      this.grow(this.capacity * 2);
      slot = this.find(hi, lo);
    }
    this.his[slot] = hi;
    this.los[slot] = lo;
    this.lines[slot] = line;
    this.size++;
  }

  /** Forgets every key (keeping the table's capacity and the candidates marked so far). */
  clear(): void {
    this.lines.fill(EMPTY);
    this.size = 0;
  }

  /** Grows the table once to hold `keys` distinct keys in all (instead of doubling step by step). */
  reserve(keys: number): void {
    let capacity = this.capacity;
    while (keys * 4 > capacity * 3) capacity *= 2;
    if (capacity > this.capacity) this.grow(capacity);
  }

  private mark(line: number): void {
    if (!this.candidates.has(line)) {
      this.candidates.add(line);
      this.candidateCount++;
    }
  }

  /** The slot holding (hi, lo), or the empty slot where it belongs (linear probing). */
  private find(hi: number, lo: number): number {
    const mask = this.capacity - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      if (this.lines[slot] === EMPTY || (this.his[slot] === hi && this.los[slot] === lo)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(capacity: number): void {
    const { his, los, lines } = this;
    this.capacity = capacity;
    this.his = new Uint32Array(this.capacity);
    this.los = new Uint32Array(this.capacity);
    this.lines = new Uint32Array(this.capacity).fill(EMPTY);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === EMPTY) continue;
      const slot = this.find(his[i]!, los[i]!);
      this.his[slot] = his[i]!;
      this.los[slot] = los[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}

/** Two independent 32-bit hashes of a string's UTF-16 code units (FNV-1a and a murmur-style mix). */
export function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x1b873593 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0xcc9e2d51);
    b = (b << 15) | (b >>> 17);
    b = Math.imul(b, 0x1b873593);
  }
  b ^= b >>> 16;
  b = Math.imul(b, 0x85ebca6b);
  b ^= b >>> 13;
  return [a >>> 0, b >>> 0];
}
