/**
 * Real binary bodies for article attachments, generated from (seed, content key, size) so that any
 * attachment can be served (and checked by tests) without being stored. Two attachments with the
 * same content key have identical bytes (content-hash deduplication).
 */
import { createHash } from "node:crypto";
import { hashString, mix, mulberry32 } from "../../util/prng.js";

const MAGIC: Record<string, number[]> = {
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "application/zip": [0x50, 0x4b, 0x03, 0x04],
};

export interface ContentSpec {
  key: string;
  size: number;
  contentType: string;
}

/** Bytes [from, to) of a content, without materialising the rest. */
export function contentSlice(seed: number, spec: ContentSpec, from: number, to: number): Buffer {
  const end = Math.min(to, spec.size);
  const out = Buffer.alloc(Math.max(0, end - from));
  const magic = MAGIC[spec.contentType] ?? [];
  // Blocks of 4 KiB each have their own generator, so any slice is cheap to produce.
  const block = 4096;
  for (let b = Math.floor(from / block); b * block < end; b++) {
    const rnd = mulberry32(mix(seed, hashString(spec.key), b));
    for (let i = b * block; i < (b + 1) * block && i < end; i++) {
      const r = rnd(); // one draw per byte, so a slice equals the same range of the whole
      if (i < from) continue;
      out[i - from] = i < magic.length ? magic[i] : spec.contentType.startsWith("text/") ? 0x20 + Math.floor(r * 95) : Math.floor(r * 256);
    }
  }
  return out;
}

export function contentBytes(seed: number, spec: ContentSpec): Buffer {
  return contentSlice(seed, spec, 0, spec.size);
}

export function contentSha256(seed: number, spec: ContentSpec): string {
  const hash = createHash("sha256");
  const chunk = 1 << 20;
  for (let from = 0; from < spec.size; from += chunk) hash.update(contentSlice(seed, spec, from, from + chunk));
  return hash.digest("hex");
}
