import type { Stream } from "@calabi/kernel";
import { articleAttachments } from "./article-attachments.js";
import { articleCommentVotes, articleComments, articleVotes } from "./article-children.js";
import { articles } from "./articles.js";
import { categories } from "./categories.js";
import { sections } from "./sections.js";

export { articles, sections, categories, articleAttachments, articleVotes, articleComments, articleCommentVotes };

/** Every Help Center stream this plugin offers. */
export const helpCenterStreams: Stream<any, any>[] = [
  articles,
  sections,
  categories,
  articleAttachments,
  articleVotes,
  articleComments,
  articleCommentVotes,
];
