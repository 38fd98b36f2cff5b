/**
 * The estimate of a child stream read per parent record (`readSubstream`): the parent's own walk
 * from its saved state (`parent_state`), page by page, each page's partitions (one per parent
 * record) read `ctx.concurrency` at a time before the next parent page. Requests per partition
 * default to one page.
 */
import type { PlanContext, StreamEstimate } from "../contracts/plan.js";
import type { Stream, StreamState } from "../contracts/stream.js";
import { isPerPartitionState } from "../streams/partitioned-state.js";

export interface SubstreamPlanDefinition {
  parent: Stream<any, any>;
  /** A URL typical of one partition's requests (its path picks the rate classes). */
  childUrl: string;
  /** Requests per partition (default 1: one page per parent record). */
  requestsPerPartition?: number;
  /** The route, for the table (default: the child URL's path). */
  route?: string;
}

/** The parent's estimate from a state, shared across the plan (several children may walk the same parent). */
export function parentEstimate(parent: Stream<any, any>, ctx: PlanContext, state: StreamState | undefined): Promise<StreamEstimate> {
  if (!parent.plan) return Promise.resolve({ route: "", batches: [], basis: `no estimate for the parent ${parent.spec.name}` });
  const key = `parent:${parent.spec.name}:${ctx.baseUrl}:${JSON.stringify(state ?? null)}`;
  return ctx.once(key, () => parent.plan!({ ...ctx, state, mode: state ? "incremental" : ctx.mode }));
}

export async function planSubstream(def: SubstreamPlanDefinition, ctx: PlanContext): Promise<StreamEstimate> {
  const parentState = ctx.state && isPerPartitionState(ctx.state) ? ctx.state.parent_state?.[def.parent.spec.name] : undefined;
  const parent = await parentEstimate(def.parent, ctx, parentState as StreamState | undefined);
  const route = def.route ?? new URL(def.childUrl).pathname;
  if (parent.records === undefined) {
    return { route, batches: parent.batches, basis: `partitions unknown (${def.parent.spec.name}: ${parent.basis})` };
  }
  // As readSubstream reads: a parent page, then its partitions, then the next parent page.
  const perPartition = def.requestsPerPartition ?? 1;
  const parallel = Math.max(1, ctx.concurrency ?? 3);
  const batches: StreamEstimate["batches"] = [];
  const [walk, ...rest] = parent.batches;
  const pages = walk ? Math.max(1, Math.ceil(walk.requests)) : 0;
  let left = parent.records;
  for (let page = 0; page < pages; page++) {
    const partitions = page === pages - 1 ? left : Math.min(left, Math.ceil(parent.records / pages));
    left -= partitions;
    batches.push({ ...walk, requests: 1 }, { url: def.childUrl, requests: partitions * perPartition, parallel });
  }
  if (!walk) batches.push({ url: def.childUrl, requests: parent.records * perPartition, parallel });
  return {
    route,
    batches: [...batches, ...rest],
    basis: `one partition per ${def.parent.spec.name} record (${parent.basis})`,
  };
}
