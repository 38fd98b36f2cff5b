/**
 * A (key, id) index for the large derived collections (ticket audits, metric events): each entry
 * is one 64-bit word, the key (Unix seconds) in the high half and `id - idBase` in the low half,
 * so the whole index sorts with one native typed-array sort and costs 8 bytes an entry — a
 * 1,000,000-ticket account's 7 million metric events fit in 60 MB. Reads go through a Uint32 view
 * of the same memory (no BigInt per lookup). Keys must be integers in [0, 2^32), ids in
 * [idBase, idBase + 2^32).
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;
const MAX_U32 = 0xffff_ffff;

/** Collects entries, then `build()`s a PackedIndex with one sort. */
export class PackedIndexBuilder {
  private words = new BigUint64Array(1024);
  private view = new Uint32Array(this.words.buffer);
  private n = 0;
  constructor(private readonly idBase: number) {}
  add(key: number, id: number): void {
    if (this.n === this.words.length) {
      const grown = new BigUint64Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
      this.view = new Uint32Array(grown.buffer);
    }
    this.view[2 * this.n + HI] = checked(key, "key");
    this.view[2 * this.n + LO] = checked(id - this.idBase, "id");
    this.n++;
  }
  build(): PackedIndex {
    const words = this.words.slice(0, this.n); // exact size: the doubling slack is freed
    words.sort();
    this.words = new BigUint64Array(0);
    this.view = new Uint32Array(0);
    return new PackedIndex(this.idBase, words, this.n);
  }
}

function checked(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > MAX_U32) throw new RangeError(`PackedIndex: ${what} ${v} out of range`);
  return v;
}

export class PackedIndex {
  private view: Uint32Array;
  constructor(
    private readonly idBase: number,
    private words = new BigUint64Array(16),
    private n = 0,
  ) {
    this.view = new Uint32Array(this.words.buffer, this.words.byteOffset, this.words.length * 2);
  }
  get size(): number {
    return this.n;
  }
  keyAt(i: number): number {
    return this.view[2 * i + HI];
  }
  idAt(i: number): number {
    return this.idBase + this.view[2 * i + LO];
  }
  at(i: number): { key: number; id: number } {
    return { key: this.keyAt(i), id: this.idAt(i) };
  }
  /** First position whose entry is >= (key, id); ids and keys outside the range clamp. */
  lowerBound(key: number, id: number): number {
    return this.search(key, id, false);
  }
  /** First position whose entry is > (key, id). */
  upperBound(key: number, id: number): number {
    return this.search(key, id, true);
  }
  private search(key: number, id: number, strict: boolean): number {
    if (key < 0) return 0;
    if (key > MAX_U32) return this.n;
    const k = Math.floor(key);
    const o = id - this.idBase;
    const v = this.view;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mk = v[2 * mid + HI];
      const mo = v[2 * mid + LO];
      const before = mk < k || (mk === k && (strict ? mo <= o : mo < o));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  insert(key: number, id: number): void {
    checked(key, "key");
    checked(id - this.idBase, "id");
    if (this.n === this.words.length) {
      const grown = new BigUint64Array(Math.max(16, Math.ceil(this.words.length * 1.25)));
      grown.set(this.words.subarray(0, this.n));
      this.words = grown;
      this.view = new Uint32Array(grown.buffer);
    }
    const i = this.lowerBound(key, id);
    this.words.copyWithin(i + 1, i, this.n);
    this.view[2 * i + HI] = key;
    this.view[2 * i + LO] = id - this.idBase;
    this.n++;
  }
  remove(key: number, id: number): void {
    const i = this.lowerBound(key, id);
    if (i < this.n && this.keyAt(i) === key && this.idAt(i) === id) {
      this.words.copyWithin(i, i + 1, this.n);
      this.n--;
    }
  }
  /** Bytes held (for scale reports). */
  get bytes(): number {
    return this.words.byteLength;
  }
}
