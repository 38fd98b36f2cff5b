import type { Stream } from "@calabi/kernel";
import { postCommentVotes, postComments, postVotes } from "./post-children.js";
import { posts } from "./posts.js";
import { topics } from "./topics.js";

export { posts, topics, postComments, postVotes, postCommentVotes };

/** Every Community stream this plugin offers. */
export const communityStreams: Stream<any, any>[] = [posts, topics, postComments, postVotes, postCommentVotes];
