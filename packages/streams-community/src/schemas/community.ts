/** Community record schemas (reference/airbyte-zendesk/schemas), plus `brand_id`. */
import { z } from "zod";
import { bool, brandId, dateTime, int, num, record, str } from "./fields.js";

const common = { url: str(), html_url: str(), created_at: dateTime(), updated_at: dateTime(), brand_id: brandId() };

export const topicSchema = record({
  ...common, id: num(), name: str(), description: str(), community_id: int(), manageable_by: str(), follower_count: num(), position: num(), user_segment_id: num(),
});

export const postSchema = record({
  ...common, id: num(), author_id: num(), closed: bool(), comment_count: int(), content_tag_ids: z.array(z.union([z.string(), z.number()])).nullish(),
  details: str(), description: str(), featured: bool(), follower_count: int(), frozen: bool(), non_author_editor_id: int(),
  non_author_updated_at: dateTime(), pinned: bool(), status: str(), title: str(), topic_id: int(), vote_count: int(), vote_sum: int(),
});

export const postCommentSchema = record({
  ...common, id: int(), author_id: int(), body: str(), non_author_editor_id: int(), non_author_updated_at: dateTime(), official: bool(),
  post_id: int(), vote_count: int(), vote_sum: int(),
  _airbyte_parent_id: z.looseObject({ post_id: int(), comment_id: int() }).nullish(),
});

export const voteSchema = record({ ...common, id: int(), user_id: int(), value: int(), item_id: int(), item_type: str() });
