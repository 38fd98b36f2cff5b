/** A growable set of non-negative integers stored as bits (one bit per possible member). */
export class BitSet {
  private bits = new Uint8Array(1024);

  add(index: number): void {
    const byte = index >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length * 2;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte]! |= 1 << (index & 7);
  }

  has(index: number): boolean {
    const byte = index >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (index & 7))) !== 0;
  }
}
