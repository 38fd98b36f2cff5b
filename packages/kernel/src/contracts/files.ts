/**
 * Where file-transfer streams put file bodies (e.g. article attachments): a content-addressed
 * store under `<output>/files/`, provided by the `sync` command from its `--output` directory.
 * Absent for `read` (stdout only): such streams then emit metadata without files.
 */
export interface StoreFileOptions {
  /** The file's original name; only a sanitised extension is used on disk. */
  name: string;
  /** Refuse (and delete) bodies larger than this many bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface StoredFile {
  /** Path relative to the output directory, forward slashes, e.g. `files/ab/ab12…ef.pdf`. */
  relativePath: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  /** True when identical content was already stored, so nothing new was kept. */
  deduplicated: boolean;
}

export interface FileStore {
  /**
   * Streams `body` to a temp file while hashing, fsyncs it and renames it to its content-hash
   * name. On any failure (including the size cap) nothing is left behind.
   */
  put(body: AsyncIterable<Uint8Array>, options: StoreFileOptions): Promise<StoredFile>;
}
