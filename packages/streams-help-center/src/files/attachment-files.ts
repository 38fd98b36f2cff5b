/**
 * File transfer for article_attachments: each `content_url` body is streamed into the sync's
 * FileStore (`<output>/files/<aa>/<sha256>.<ext>`, identical content stored once) and the record
 * gains `file_relative_path`, `file_size_bytes`, `file_sha256` and `file_name_sanitized`.
 *
 * - Redirects are followed only to https hosts of this account's brands and Zendesk's file CDNs
 *   (or, in tests, the base_url host); Authorization goes only to the host the download starts on.
 * - The download and the store are one transfer through the connection's retry engine: a body that
 *   breaks off is downloaded again; refusals (redirect targets, 4xx, the size cap) are not retried. A file that cannot be stored is reported on its record (`file_download_error`) and
 *   with a WARN; the stream goes on.
 */
import { allowedDownloadTarget, type BrandHost, brandHostsFor } from "@calabi/zendesk-common";
import { FileTooLargeError, HttpFailure, type ReadContext, sanitizeFileName, type StreamRecord } from "@calabi/kernel";

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Why a file is not stored although the server answered (an HTML page, a declared size too large). */
class Refused extends Error {}

export interface AttachmentFileOptions {
  enabled: boolean;
  maxBytes: number;
}

/** `attachments_download` (default true) and `attachments_max_bytes` (default 50 MiB) from the config. */
export function attachmentFileOptions(config: Record<string, unknown>): AttachmentFileOptions {
  const max = config.attachments_max_bytes;
  return {
    enabled: config.attachments_download !== false,
    maxBytes: typeof max === "number" && max > 0 ? max : DEFAULT_MAX_BYTES,
  };
}

/** Whether this read can store files at all (a `sync` with a FileStore and a download-capable client). */
export function canStoreFiles(ctx: ReadContext): boolean {
  return attachmentFileOptions(ctx.config).enabled && ctx.files !== undefined && typeof ctx.http.transfer === "function";
}

export async function storeAttachment(record: StreamRecord, ctx: ReadContext, host: BrandHost): Promise<StreamRecord> {
  const options = attachmentFileOptions(ctx.config);
  const original = String(record.file_name ?? record.display_file_name ?? "file");
  const base: StreamRecord = { ...record, file_name_sanitized: sanitizeFileName(original) };
  const failed = (why: string): StreamRecord => {
    ctx.logger.warn(`article_attachments: attachment ${String(record.id)} (article ${String(record.article_id)}) not stored: ${why}`);
    return { ...base, file_download_error: why };
  };
  if (typeof record.content_url !== "string" || record.content_url === "") return failed("the record has no content_url");
  if (typeof record.size === "number" && record.size > options.maxBytes) {
    return failed(`its size (${record.size} bytes) is above attachments_max_bytes (${options.maxBytes})`);
  }
  // Redirects may only lead to this account's brand hosts and Zendesk's file CDNs.
  const allowRedirect = allowedDownloadTarget(ctx.config, (await brandHostsFor(ctx, "Help Center")).map((h) => h.host));
  try {
    const stored = await host.http.transfer!(
      host.resolve(record.content_url),
      async (result) => {
        const type = result.headers["content-type"] ?? "";
        if (/text\/html/i.test(type) && !/html/i.test(String(record.content_type ?? ""))) {
          result.body.destroy();
          throw new Refused("Zendesk answered with an HTML page (a sign-in page for restricted content) instead of the file");
        }
        const declared = Number(result.headers["content-length"]);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          result.body.destroy();
          throw new Refused(`its size (${declared} bytes) is above attachments_max_bytes (${options.maxBytes})`);
        }
        return ctx.files!.put(result.body, { name: original, maxBytes: options.maxBytes, signal: ctx.signal });
      },
      { signal: ctx.signal, label: "article_attachments", allowRedirect },
    );
    return { ...base, file_relative_path: stored.relativePath, file_size_bytes: stored.bytes, file_sha256: stored.sha256 };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof Refused) return failed(error.message);
    if (error instanceof FileTooLargeError) return failed(`it is larger than attachments_max_bytes (${options.maxBytes})`);
    if (error instanceof HttpFailure) return failed(error.message);
    return failed(`the file could not be stored: ${error instanceof Error ? error.message : String(error)}`);
  }
}
