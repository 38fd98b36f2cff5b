/**
 * Key hashes of many lines in bounded memory, for the compaction's search for repeated keys
 * (a grace hash join with itself).
 *
 * Entries (64-bit key hash, line number) are added to a fixed buffer. When it is full, its
 * entries are sorted by partition (the hash's top bits; a stable counting sort, so each partition
 * keeps the order of addition) and written as one *run* to a temporary file; only each run's
 * partition sizes stay in memory (1 KiB a run). `markRepeated` then reads one partition at a time
 * (its slice of every run, plus what is still buffered) into a hash table the size of that
 * partition and marks every line whose hash occurs on another line. Equal hashes always share a
 * partition, so this finds exactly what one table of every line would find, while memory stays at
 * the buffer plus one partition (about 1/256 of the lines) whatever the size of the account.
 *
 * The temporary file is `<stream>.jsonl.<suffix>` in the output directory, created only when the
 * buffer first fills and unlinked at once (it lives until closed, and a killed process leaves
 * nothing; a name left by a kill between creation and unlink is removed by the next open).
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { BitSet } from "./bitset.js";
import { KeyHashIndex } from "./key-index.js";

/** Partitions: the top 8 bits of the hash's first half. */
const PARTITION_BITS = 8;
export const PARTITIONS = 1 << PARTITION_BITS;
/** Entries buffered before a run is written: 3 × 4 bytes each, so 384 KiB (and as much to sort). */
export const DEFAULT_SPILL_BUFFER_ENTRIES = 32 * 1024;
const INITIAL_BUFFER_ENTRIES = 1024;
const WORDS = 3; // hi, lo, line

/** The partition of a hash by its first half. */
export const partitionOf = (hi: number) => hi >>> (32 - PARTITION_BITS);

export class HashSpill {
  private buffer: Uint32Array;
  private sorted: Uint32Array;
  private buffered = 0;
  private fd: number | undefined;
  /** Path still to delete on close (when unlinking the open file failed, e.g. on some Windows setups). */
  private linkedPath: string | undefined;
  /** For each run written: its first entry's index in the file, then its partitions' start offsets. */
  private runs: Uint32Array[] = [];
  /** Once sealed: the buffered entries' partition start offsets in `sorted`. */
  private tail: Uint32Array | undefined;
  private written = 0;
  /** Entries added. */
  count = 0;

  /**
   * `path` is the temporary file to spill to (created only if the buffer fills).
   * `bufferEntries` is a test seam (a few entries force many runs).
   */
  constructor(
    private readonly path: string,
    readonly bufferEntries = DEFAULT_SPILL_BUFFER_ENTRIES,
  ) {
    if (!Number.isInteger(bufferEntries) || bufferEntries < 1) throw new RangeError(`bufferEntries must be a positive integer, got ${bufferEntries}`);
    // The buffer grows to its full size only as entries come: a destination opens a spill for
    // every append-dedup stream of the catalog, most of them small.
    this.buffer = new Uint32Array(Math.min(bufferEntries, INITIAL_BUFFER_ENTRIES) * WORDS);
    this.sorted = new Uint32Array(0);
  }

  /** Bytes of the in-memory buffers. */
  get bufferedBytes(): number {
    return this.buffer.byteLength + this.sorted.byteLength;
  }

  /** Runs written to the temporary file so far. */
  get runCount(): number {
    return this.runs.length;
  }

  add(hi: number, lo: number, line: number): void {
    if (this.tail !== undefined) throw new Error("HashSpill: add after the spill was sealed");
    if (this.buffered * WORDS === this.buffer.length) {
      if (this.buffered < this.bufferEntries) {
        const grown = new Uint32Array(Math.min(this.bufferEntries, this.buffered * 2) * WORDS);
        grown.set(this.buffer);
        this.buffer = grown;
      } else {
        this.spill();
      }
    }
    const at = this.buffered * WORDS;
    this.buffer[at] = hi;
    this.buffer[at + 1] = lo;
    this.buffer[at + 2] = line;
    this.buffered++;
    this.count++;
  }

  /** Sorts the buffer by partition into `sorted`; returns the partitions' start offsets (in entries). */
  private sortBuffer(): Uint32Array {
    if (this.sorted.length < this.buffered * WORDS) this.sorted = new Uint32Array(this.buffer.length);
    const starts = new Uint32Array(PARTITIONS + 1);
    for (let i = 0; i < this.buffered; i++) starts[partitionOf(this.buffer[i * WORDS]!) + 1]!++;
    for (let p = 0; p < PARTITIONS; p++) starts[p + 1]! += starts[p]!;
    const next = starts.slice(0, PARTITIONS);
    for (let i = 0; i < this.buffered; i++) {
      const from = i * WORDS;
      const to = next[partitionOf(this.buffer[from]!)]!++ * WORDS;
      this.sorted[to] = this.buffer[from]!;
      this.sorted[to + 1] = this.buffer[from + 1]!;
      this.sorted[to + 2] = this.buffer[from + 2]!;
    }
    return starts;
  }

  private spill(): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, "w+");
      try {
        unlinkSync(this.path);
      } catch {
        this.linkedPath = this.path;
      }
    }
    const starts = this.sortBuffer();
    const bytes = new Uint8Array(this.sorted.buffer, 0, this.buffered * WORDS * 4);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written * WORDS * 4 + done);
    const run = new Uint32Array(PARTITIONS + 2);
    run[0] = this.written;
    run.set(starts, 1);
    this.runs.push(run);
    this.written += this.buffered;
    this.buffered = 0;
  }

  /**
   * Ends the adding: sorts what is still buffered by partition, so partitions can be read. Called
   * by the first `readPartition`; `add` is refused afterwards.
   */
  seal(): void {
    if (this.tail !== undefined) return;
    this.tail = this.sortBuffer();
    this.buffer = new Uint32Array(0);
  }

  /**
   * The entries of partition `p` (hi, lo, line triples, in the order they were added) in
   * `into`, grown if needed; returns the array holding them and their number.
   */
  readPartition(p: number, into: Uint32Array): { entries: Uint32Array; count: number } {
    this.seal();
    const tail = this.tail!;
    let count = tail[p + 1]! - tail[p]!;
    for (const run of this.runs) count += run[p + 2]! - run[p + 1]!;
    const entries = into.length >= count * WORDS ? into : new Uint32Array(Math.max(count * WORDS, into.length * 2));
    let filled = 0;
    for (const run of this.runs) {
      const n = run[p + 2]! - run[p + 1]!;
      if (n === 0) continue;
      const bytes = new Uint8Array(entries.buffer, entries.byteOffset + filled * WORDS * 4, n * WORDS * 4);
      const position = (run[0]! + run[p + 1]!) * WORDS * 4;
      let done = 0;
      while (done < bytes.length) {
        const read = readSync(this.fd!, bytes, done, bytes.length - done, position + done);
        if (read === 0) throw new Error(`${this.path}: the spilled key hashes end early`);
        done += read;
      }
      filled += n;
    }
    entries.set(this.sorted.subarray(tail[p]! * WORDS, tail[p + 1]! * WORDS), filled * WORDS);
    return { entries, count };
  }

  /** Closes and deletes the temporary file; the spill holds nothing afterwards. */
  close(): void {
    this.buffer = new Uint32Array(0);
    this.sorted = new Uint32Array(0);
    this.buffered = 0;
    this.runs = [];
    this.tail = new Uint32Array(PARTITIONS + 1);
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      closeSync(fd);
      if (this.linkedPath !== undefined) {
        try {
          unlinkSync(this.linkedPath);
        } catch {}
        this.linkedPath = undefined;
      }
    }
  }
}

/** One spill and the line number its line numbers are relative to. */
export interface SpillSource {
  spill: HashSpill;
  firstLine: number;
}

/**
 * Marks in `candidates` every line whose key hash occurs on another line of any of the sources
 * (whose lines may come in any order); returns how many lines it marked. Memory: one partition of
 * every source at a time, and a hash table for it.
 */
export function markRepeated(sources: readonly SpillSource[], candidates: BitSet): number {
  const table = new KeyHashIndex(undefined, candidates);
  let entries: Uint32Array = new Uint32Array(1024);
  for (let p = 0; p < PARTITIONS; p++) {
    table.clear();
    for (const { spill, firstLine } of sources) {
      const read = spill.readPartition(p, entries);
      entries = read.entries;
      table.reserve(table.size + read.count);
      for (let i = 0; i < read.count * WORDS; i += WORDS) table.addHash(entries[i]!, entries[i + 1]!, firstLine + entries[i + 2]!);
    }
  }
  return table.candidateCount;
}
