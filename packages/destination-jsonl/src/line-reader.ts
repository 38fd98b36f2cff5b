/**
 * Sequential reading of newline-terminated lines with their byte offsets, in bounded memory (one
 * chunk plus the longest line).
 */
import type { FileHandle } from "node:fs/promises";

const NEWLINE = 0x0a;
export const DEFAULT_READ_CHUNK_BYTES = 256 * 1024;

export interface Line {
  /** Byte offset of the line's first byte. */
  offset: number;
  /** The line without its newline. Only valid until the iteration continues: copy to keep it. */
  bytes: Buffer;
  /** False for a last line that has no newline. */
  terminated: boolean;
}

/** Yields every line of the file from its start; an empty file yields nothing. */
export async function* readLines(handle: FileHandle, chunkBytes = DEFAULT_READ_CHUNK_BYTES): AsyncGenerator<Line> {
  const chunk = Buffer.alloc(chunkBytes);
  let position = 0;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let lineStart = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, from);
      if (nl === -1 || nl >= bytesRead) break;
      const piece = chunk.subarray(from, nl);
      const bytes = carryBytes === 0 ? piece : Buffer.concat([...carry, piece], carryBytes + piece.length);
      yield { offset: lineStart, bytes, terminated: true };
      carry = [];
      carryBytes = 0;
      lineStart = position + nl + 1;
      from = nl + 1;
    }
    if (from < bytesRead) {
      // Copy: `chunk` is reused by the next read.
      const rest = Buffer.from(chunk.subarray(from, bytesRead));
      carry.push(rest);
      carryBytes += rest.length;
    }
    position += bytesRead;
  }
  if (carryBytes > 0) {
    yield { offset: lineStart, bytes: Buffer.concat(carry, carryBytes), terminated: false };
  }
}
