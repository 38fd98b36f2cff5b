/**
 * What `calabi plan` needs to know about Zendesk: its count endpoints (`/api/v2/{resource}/count`,
 * `{"count": {"value": N, "refreshed_at": …}}`), shared by every stream that scales with the
 * resource (tickets: the tickets export, side conversations, ticket metrics).
 */
import type { PlanContext } from "@calabi/kernel";
import { apiUrl } from "./api.js";

/** The size of a resource from its count endpoint, asked once per plan; undefined when the account refuses it. */
export function zendeskCount(ctx: PlanContext, resource: string): Promise<number | undefined> {
  return askCount(ctx, `${resource}/count.json`, {}, `${resource} count`, (body) => body?.count?.value);
}

/**
 * One count request per plan (memoised by URL): the number `read` finds in the body, or undefined
 * when it is not a count or the account refuses the request (the plan then sizes another way).
 */
function askCount(ctx: PlanContext, path: string, params: Record<string, string>, label: string, read: (body: any) => unknown): Promise<number | undefined> {
  const url = apiUrl(ctx, path, params);
  return ctx.once(`zendesk-count:${url}`, async () => {
    try {
      const { body } = await ctx.http.getJson<any>(url, { label, signal: ctx.signal });
      const value = read(body);
      return typeof value === "number" && value >= 0 ? value : undefined;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.logger.debug(`plan: ${label} unavailable (${(error as Error).message})`);
      return undefined;
    }
  });
}

/** `defineZendeskStream({ estimate })` for a resource with a count endpoint, read `pageSize` records a page. */
export const countEstimate = (resource: string, pageSize: number) => ({
  count: (ctx: PlanContext) => zendeskCount(ctx, resource),
  pageSize,
});

/**
 * How many results a search query matches (`/api/v2/search/count`, `{"count": N}`), asked once per
 * plan; undefined when the account refuses it.
 */
export function zendeskSearchCount(ctx: PlanContext, query: string): Promise<number | undefined> {
  return askCount(ctx, "search/count.json", { query }, "search count", (body) => body?.count);
}
