/**
 * What `calabi plan` needs to know about Zendesk: its count endpoints (`/api/v2/{resource}/count`,
 * `{"count": {"value": N, "refreshed_at": …}}`), shared by every stream that scales with the
 * resource (tickets: the tickets export, side conversations, ticket metrics).
 */
import type { PlanContext } from "@calabi/kernel";
import { apiUrl } from "./api.js";

/** The size of a resource from its count endpoint, asked once per plan; undefined when the account refuses it. */
export function zendeskCount(ctx: PlanContext, resource: string): Promise<number | undefined> {
  return ctx.once(`zendesk-count:${ctx.baseUrl}:${resource}`, async () => {
    try {
      const { body } = await ctx.http.getJson<any>(apiUrl(ctx, `${resource}/count.json`), { label: `${resource} count`, signal: ctx.signal });
      const value = body?.count?.value;
      return typeof value === "number" && value >= 0 ? value : undefined;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.logger.debug(`plan: ${resource}/count unavailable (${(error as Error).message}); sizing from the first page instead`);
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
  return ctx.once(`zendesk-search-count:${ctx.baseUrl}:${query}`, async () => {
    try {
      const { body } = await ctx.http.getJson<any>(apiUrl(ctx, "search/count.json", { query }), { label: "search count", signal: ctx.signal });
      const value = body?.count;
      return typeof value === "number" && value >= 0 ? value : undefined;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.logger.debug(`plan: search/count unavailable (${(error as Error).message})`);
      return undefined;
    }
  });
}
