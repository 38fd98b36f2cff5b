/** Help Center record schemas (reference/airbyte-zendesk/schemas), plus `brand_id`. */
import { z } from "zod";
import { bool, boolOrString, brandId, dateTime, int, record, str, strings } from "./fields.js";

const common = { id: int(), url: str(), html_url: str(), created_at: dateTime(), updated_at: dateTime(), brand_id: brandId() };

export const categorySchema = record({
  ...common, name: str(), description: str(), position: int(), locale: str(), source_locale: str(), outdated: boolOrString(),
});

export const sectionSchema = record({
  ...common, name: str(), description: str(), category_id: int(), parent_section_id: int(), position: int(), sorting: str(),
  locale: str(), source_locale: str(), theme_template: str(), outdated: boolOrString(),
});

export const articleSchema = record({
  ...common, author_id: int(), body: str(), comments_disabled: bool(), content_tag_ids: z.array(z.union([z.string(), z.number()])).nullish(),
  draft: bool(), edited_at: dateTime(), label_names: strings(), locale: str(), name: str(), outdated: bool(), outdated_locales: strings(),
  permission_group_id: int(), position: int(), promoted: bool(), section_id: int(), source_locale: str(), title: str(),
  user_segment_id: int(), vote_count: int(), vote_sum: int(),
});

export const voteSchema = record({
  ...common, user_id: int(), value: int(), item_id: int(), item_type: str(),
});

export const articleCommentSchema = record({
  ...common, author_id: int(), body: str(), locale: str(), non_author_editor_id: int(), non_author_updated_at: dateTime(),
  source_id: int(), source_type: str(), vote_count: int(), vote_sum: int(),
  _airbyte_parent_id: z.looseObject({ article_id: int(), comment_id: int() }).nullish(),
});

export const articleAttachmentSchema = record({
  ...common, article_id: int(), display_file_name: str(), file_name: str(), locale: str(), content_url: str(), relative_path: str(),
  content_type: str(), size: int(), inline: bool(),
  file_relative_path: str().meta({ description: "Added by Calabi: where the file is stored, relative to the output directory (files/<aa>/<sha256>.<ext>)." }),
  file_size_bytes: int().meta({ description: "Added by Calabi: bytes stored." }),
  file_sha256: str().meta({ description: "Added by Calabi: SHA-256 of the stored bytes (the file's name on disk)." }),
  file_name_sanitized: str().meta({ description: "Added by Calabi: file_name without path parts or control characters." }),
  file_download_error: str().meta({ description: "Added by Calabi: why the file was not stored (refused redirect, size cap, HTTP error)." }),
});

