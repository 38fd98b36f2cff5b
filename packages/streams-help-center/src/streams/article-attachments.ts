import { defineGuideChildStream, nextPagePaginator } from "@calabi/zendesk-common";
import { type StreamRecord } from "@calabi/kernel";
import { articleAttachmentSchema } from "../schemas/help-center.js";
import { startSeconds } from "../common/start.js";
import { canStoreFiles, storeAttachment } from "../files/attachment-files.js";
import { articlesAsParent } from "./articles.js";

const announced = new WeakSet<object>();

/**
 * `help_center/articles/{article_id}/attachments` (N, per_page=100; no usable filter parameter):
 * per-partition state on `updated_at`, bounded by the articles parent. During `sync` each file is
 * stored under `<output>/files/` (see files/attachment-files.ts).
 */
export const articleAttachments = defineGuideChildStream({
  name: "article_attachments",
  area: "Help Center",
  parent: articlesAsParent,
  schema: articleAttachmentSchema,
  partition: (article) => ({ article_id: article.id, parent_slice: {} }),
  path: (article) => `help_center/articles/${article.id}/attachments`,
  records: "article_attachments",
  paginator: () => nextPagePaginator({ perPage: 100 }),
  sendStartTime: false,
  start: startSeconds,
  async enrich(records, { ctx, host }) {
    if (!canStoreFiles(ctx)) {
      if (records.length > 0 && !announced.has(ctx.config)) {
        announced.add(ctx.config);
        ctx.logger.info("article_attachments: files are not downloaded (attachments_download is false, or this command has no output directory); records carry metadata only.");
      }
      return records;
    }
    const out: StreamRecord[] = [];
    for (const record of records) out.push(await storeAttachment(record, ctx, host));
    return out;
  },
});
