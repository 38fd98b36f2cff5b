/**
 * The streams: `issues` and `comments`, each a declarative kernel stream (`defineRestStream`) per
 * configured repository, read one repository after the other with one cursor per repository.
 */
import {
  defineRestStream,
  formatCursor,
  linkHeaderPaginator,
  type Page,
  PartitionedState,
  type ReadContext,
  resumeStart,
  type Stream,
  type StreamRecord,
  type StreamState,
  toJsonSchema,
} from "@calabi/kernel";
import { z } from "zod";
import { type GithubConfig, startSeconds } from "./config.js";

const CURSOR = "updated_at";
const user = z.looseObject({ id: z.number(), login: z.string() }).nullish();

export const issueSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  state: z.string(),
  user,
  labels: z.array(z.looseObject({ name: z.string() })).nullish(),
  comments: z.number().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  body: z.string().nullish(),
  /** Set on issues that are pull requests (the issues API returns both). */
  pull_request: z.looseObject({}).nullish(),
  repository: z.string(),
});

export const commentSchema = z.looseObject({
  id: z.number(),
  issue_url: z.string(),
  user,
  body: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  repository: z.string(),
});

interface RepositoryListing {
  name: string;
  schema: z.ZodType;
  /** The list endpoint under /repos/{owner}/{repo}/. */
  path: string;
  /** Query parameters besides since/sort/direction/per_page. */
  params?: Record<string, string>;
}

/**
 * One repository's list as a declarative stream: `since` from the saved cursor, newest first,
 * Link-header pages, the cursor saved once the last page is read. Newest first because the list
 * moves while it is paged: an issue updated mid-sync jumps to the front, which can only push records
 * onto later pages (read twice, de-duplicated downstream) — oldest first would pull one back onto a
 * page already read and skip it for good.
 */
function repositoryStream(listing: RepositoryListing, repository: string): Stream {
  const start = (ctx: ReadContext) => startSeconds(ctx.config as GithubConfig, ctx.clock.now());
  return defineRestStream({
    name: listing.name,
    url: (ctx) => `${ctx.baseUrl}/repos/${repository}/${listing.path}`,
    params: (ctx) => ({ ...listing.params, sort: "updated", direction: "desc", since: formatCursor(resumeStart(ctx.state, CURSOR, start(ctx)), "iso") }),
    paginator: () => linkHeaderPaginator({ first: { per_page: 100 } }),
    // GitHub answers with a bare array; each record learns which repository it came from.
    records: (body) => (Array.isArray(body) ? body.map((record) => ({ ...record, repository })) : body),
    primaryKey: "id",
    schema: listing.schema,
    incremental: { kind: "client", cursorField: CURSOR, stateFormat: "iso" },
    start,
  });
}

/**
 * The listing read for every configured repository in turn. State keeps one cursor per repository
 * (the kernel's per-partition layout), so a repository added later starts at start_date; each
 * repository's cursor is saved as soon as that repository is read.
 */
function perRepository(listing: RepositoryListing): Stream<StreamRecord, StreamState> {
  const spec = {
    name: listing.name,
    jsonSchema: toJsonSchema(listing.schema),
    primaryKey: [["id"]],
    cursorField: [CURSOR],
  };
  return {
    spec,
    async *read(ctx: ReadContext): AsyncGenerator<Page> {
      const state = new PartitionedState({ cursorField: CURSOR, format: "iso", parentStream: "repositories" }, ctx.state);
      for (const repository of (ctx.config as GithubConfig).repositories) {
        const partition = { repository };
        const saved = state.cursorFor(partition);
        const own = saved === undefined ? undefined : { [CURSOR]: formatCursor(saved, "iso") };
        for await (const page of repositoryStream(listing, repository).read({ ...ctx, state: own, mode: own ? "incremental" : ctx.mode })) {
          const reached = page.checkpoint?.[CURSOR];
          if (typeof reached !== "string") {
            yield { records: page.records };
            continue;
          }
          state.finish(partition, Math.floor(Date.parse(reached) / 1000));
          yield { records: page.records, checkpoint: state.toState() };
        }
      }
    },
  };
}

export const issues = perRepository({ name: "issues", schema: issueSchema, path: "issues", params: { state: "all" } });
export const comments = perRepository({ name: "comments", schema: commentSchema, path: "issues/comments" });

export const streams = [issues, comments];
