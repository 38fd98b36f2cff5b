/**
 * Building blocks shared by the Help Center and Community stream plugins:
 * - `perBrand(stream)`: reads a stream once per Help Center brand host, tags records with
 *   `brand_id`, and keeps state per brand (see `brandState`);
 * - error rules: a Help Center / Community that is not enabled (404, 403, non-token 401) skips the
 *   stream with a WARN; a refused or vanished parent (403/404) skips one partition;
 * - `readChildPages`: all pages of one partition's child list.
 *
 * State with several brands keeps the account brand's state at the top level (exactly what an
 * Airbyte connection reading only the main subdomain has) and every brand's under `brands`:
 * `{"updated_at": "1717000000", "brands": {"360001": {"updated_at": "1717000000"}, "360002": {…}}}`.
 * A brand missing from `brands` starts from start_date; state without `brands` (Airbyte's, or a
 * single-brand sync) applies to the account's brand only.
 */
import {
  type ErrorRule,
  type Page,
  type Paginator,
  type Partition,
  type PerPartitionState,
  type PlanContext,
  type ReadContext,
  type StreamEstimate,
  isPerPartitionState,
  parentEstimate,
  readSubstream,
  type SchemaSource,
  SkipError,
  type Stream,
  type StreamRecord,
  type StreamState,
  toJsonSchema,
  walkPages,
} from "@calabi/kernel";
import { RATE_CLASS } from "@calabi/auth-zendesk";
import { apiUrl } from "./api.js";
import { helpCenterBrandHosts, type BrandHost } from "./brand-hosts.js";

export type GuideArea = "Help Center" | "Community";

/** The hosts to read for a stream; a SkipError (stream) when no brand has a Help Center. */
export async function brandHostsFor(ctx: Pick<ReadContext, "config" | "http" | "logger" | "signal">, what: GuideArea): Promise<BrandHost[]> {
  const hosts = await helpCenterBrandHosts({ config: ctx.config, http: ctx.http, logger: ctx.logger, signal: ctx.signal });
  if (hosts.length === 0) throw new SkipError("stream", `no brand of this account has a ${what} enabled (/api/v2/brands: has_help_center)`);
  return hosts;
}

/** The host a child partition's parent record came from (`brand_id`), else the account's. */
export async function hostOfRecord(ctx: Pick<ReadContext, "config" | "http" | "logger" | "signal">, record: StreamRecord, what: GuideArea): Promise<BrandHost> {
  const hosts = await brandHostsFor(ctx, what);
  return hosts.find((h) => h.brandId !== undefined && h.brandId === record.brand_id) ?? hosts[0];
}

/** Adds `brand_id` when the API record has none (Help Center records do not carry their brand). */
export function tagBrand(record: StreamRecord, brandId: number | undefined): StreamRecord {
  return brandId === undefined || "brand_id" in record ? record : { ...record, brand_id: brandId };
}

const brandKey = (host: BrandHost) => String(host.brandId ?? host.subdomain);

/** One brand's part of a stream's state. */
export function brandState(state: StreamState | undefined, host: BrandHost, primary: BrandHost): StreamState | undefined {
  if (!state) return undefined;
  const brands = state.brands as Record<string, StreamState> | undefined;
  if (brands && typeof brands === "object" && brands[brandKey(host)]) return brands[brandKey(host)];
  if (host !== primary) return undefined;
  const { brands: _ignored, ...rest } = state;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The whole stream's state from each brand's. */
export function composeBrandStates(states: Map<BrandHost, StreamState>, hosts: BrandHost[]): StreamState {
  const primary = states.get(hosts[0]);
  if (hosts.length === 1) return primary ?? {};
  const brands: Record<string, StreamState> = {};
  for (const host of hosts) {
    const s = states.get(host);
    if (s) brands[brandKey(host)] = s;
  }
  return { ...(primary ?? {}), brands };
}

/** Reads `inner` once per brand host; a brand whose Help Center is unavailable is skipped alone. */
export function perBrand<S extends Stream<any, any>>(inner: S, what: GuideArea): S {
  return {
    ...inner,
    read: (ctx: ReadContext) => readPerBrand(inner, ctx, what),
    ...(inner.plan ? { plan: (ctx: PlanContext) => planPerBrand(inner, ctx, what) } : {}),
  };
}

/** The inner stream's estimate on every brand host, added up (a brand whose Help Center is off counts nothing). */
async function planPerBrand(inner: Stream<any, any>, ctx: PlanContext, what: GuideArea): Promise<StreamEstimate> {
  const hosts = await brandHostsFor(ctx, what);
  const estimates: StreamEstimate[] = [];
  let lastSkip: SkipError | undefined;
  for (const host of hosts) {
    try {
      estimates.push(await inner.plan!({ ...ctx, baseUrl: host.baseUrl, http: host.http, state: brandState(ctx.state, host, hosts[0]) }));
    } catch (error) {
      if (!(error instanceof SkipError) || error.scope !== "stream") throw error;
      lastSkip = error;
    }
  }
  if (estimates.length === 0 && lastSkip) throw lastSkip;
  const known = estimates.every((e) => e.records !== undefined);
  return {
    route: estimates[0]?.route ?? "",
    ...(known ? { records: estimates.reduce((n, e) => n + e.records!, 0) } : {}),
    batches: estimates.flatMap((e) => e.batches),
    basis: hosts.length > 1 ? `${estimates[0]?.basis ?? "no estimate"}, per brand (${hosts.length} brands)` : (estimates[0]?.basis ?? "no estimate"),
    sample: estimates.flatMap((e, i) => (e.sample ?? []).map((r) => tagBrand(r, hosts[i]?.brandId))),
  };
}

async function* readPerBrand(inner: Stream<any, any>, ctx: ReadContext, what: GuideArea): AsyncGenerator<Page> {
  const hosts = await brandHostsFor(ctx, what);
  const states = new Map<BrandHost, StreamState>();
  for (const host of hosts) {
    const saved = brandState(ctx.state, host, hosts[0]);
    if (saved) states.set(host, saved);
  }
  let lastSkip: SkipError | undefined;
  let skipped = 0;
  for (const host of hosts) {
    const brandCtx: ReadContext = { ...ctx, baseUrl: host.baseUrl, http: host.http, state: states.get(host) };
    try {
      for await (const page of inner.read(brandCtx) as AsyncIterable<Page>) {
        const records = page.records.map((r) => tagBrand(r, host.brandId));
        if (page.checkpoint) {
          states.set(host, page.checkpoint);
          yield { records, checkpoint: composeBrandStates(states, hosts) };
        } else {
          yield { records };
        }
      }
    } catch (error) {
      if (!(error instanceof SkipError) || error.scope !== "stream") throw error;
      skipped++;
      lastSkip = error;
      if (hosts.length > 1) ctx.logger.warn(`${inner.spec.name}: brand ${host.subdomain} skipped: ${error.message}`);
    }
  }
  if (lastSkip && skipped === hosts.length) throw lastSkip;
}

/** 404/403 (and a 401 that is not an expired token) from a list: the feature is not enabled → skip the stream. */
export function unavailableRule(what: GuideArea): ErrorRule {
  return (r) => {
    const refused = r.status === 404 || r.status === 403 || (r.status === 401 && !r.text.includes("invalid_token"));
    if (!refused) return undefined;
    let host = "";
    try {
      host = new URL(r.request.url).host;
    } catch {
      // keep it empty
    }
    const header = r.request.headers.host ?? r.request.headers.Host;
    return {
      action: "skip",
      scope: "stream",
      message: `the ${what} is not available on ${header ?? host} (HTTP ${r.status}): it is not enabled for this brand or account, or the user cannot see it`,
    };
  };
}

/** 403/404 on one parent's child list (restricted or deleted article/post): skip that partition only. */
export const partitionRefusedRule: ErrorRule = (r) =>
  r.status === 403 || r.status === 404
    ? { action: "skip", scope: "partition", message: `HTTP ${r.status}: the parent is restricted or no longer exists` }
    : undefined;

/** Every record of a partition's child list, page by page. */
export async function readChildPages(args: {
  ctx: Pick<ReadContext, "signal">;
  host: BrandHost;
  path: string;
  params?: Record<string, string>;
  records: string;
  paginator: Paginator;
  label: string;
}): Promise<StreamRecord[]> {
  const { ctx, host } = args;
  const out: StreamRecord[] = [];
  const walk = { url: apiUrl(host, args.path, args.params), paginator: args.paginator, records: args.records, rules: [partitionRefusedRule], label: args.label };
  for await (const page of walkPages({ http: host.http, signal: ctx.signal }, walk)) out.push(...page.records);
  return out;
}

export interface GuideChildDefinition {
  name: string;
  area: GuideArea;
  /** The parent stream as read for partitions (its state lands under `parent_state`). */
  parent: Stream<any, any>;
  schema: SchemaSource;
  /** The partition of a parent record, e.g. `{article_id: a.id, parent_slice: {}}`. */
  partition(parent: StreamRecord): Partition | undefined;
  /** The child list of one partition, under /api/v2/. */
  path(parent: StreamRecord, partition: Partition): string;
  records: string;
  paginator: () => Paginator;
  /** Sends `start_time=<since>` (the API may ignore it; records are filtered client-side too). */
  sendStartTime?: boolean;
  start(ctx: ReadContext): number;
  /** Per-record additions (e.g. `_airbyte_parent_id`), after `brand_id` tagging. */
  transform?(record: StreamRecord, parent: StreamRecord): StreamRecord;
  /** Work on a partition's kept records before they are emitted (e.g. downloading files). */
  enrich?(records: StreamRecord[], read: { ctx: ReadContext; host: BrandHost; parent: StreamRecord }): Promise<StreamRecord[]>;
  maxPartitions?: number;
}

/**
 * A Help Center / Community child stream (votes, comments, attachments): one partition per parent
 * record, read with bounded concurrency; Airbyte per-partition state with nested `parent_state`;
 * a 403/404 on one parent skips that partition only; records are tagged with the parent's brand.
 */
export function defineGuideChildStream(def: GuideChildDefinition): Stream<StreamRecord, PerPartitionState> {
  return {
    spec: {
      name: def.name,
      jsonSchema: toJsonSchema(def.schema),
      primaryKey: [["id"]],
      cursorField: ["updated_at"],
      parents: [def.parent.spec.name],
    },
    // Help Center and Community share one budget, separate from Support's.
    rateClass: () => RATE_CLASS.helpCenter,
    plan: (ctx) => planGuideChild(def, ctx),
    read: (ctx) =>
      readSubstream(
        {
          parent: def.parent,
          partition: def.partition,
          cursorField: "updated_at",
          stateFormat: "unix",
          start: def.start,
          ...(def.maxPartitions ? { maxPartitions: def.maxPartitions } : {}),
          async readPartition({ partition, parent, since, cursor, ctx: readCtx }) {
            const host = await hostOfRecord(readCtx, parent, def.area);
            const found = await readChildPages({
              ctx: readCtx,
              host,
              path: def.path(parent, partition),
              params: def.sendStartTime === false ? {} : { start_time: String(since) },
              records: def.records,
              paginator: def.paginator(),
              label: def.name,
            });
            // Kept through the partition's tracker before any enrichment (no download for a dropped record).
            const kept = cursor
              .keep(found)
              .map((r) => {
                const tagged = tagBrand(r, (parent.brand_id as number | undefined) ?? host.brandId);
                return def.transform ? def.transform(tagged, parent) : tagged;
              });
            return def.enrich ? def.enrich(kept, { ctx: readCtx, host, parent }) : kept;
          },
        },
        ctx,
      ),
  };
}

/** Children sampled per plan: the first parents' child lists give the children per parent. */
const SAMPLED_PARENTS = 2;

/**
 * A Guide child stream: the parent's walk, then one child list per parent record (one page each),
 * `concurrency` at a time. The children per parent come from the lists of the first parents of
 * the parent's sample, so a grandchild (comment votes) can size its own partitions.
 */
async function planGuideChild(def: GuideChildDefinition, ctx: PlanContext): Promise<StreamEstimate> {
  const parentState = ctx.state && isPerPartitionState(ctx.state) ? (ctx.state.parent_state?.[def.parent.spec.name] as StreamState | undefined) : undefined;
  const parent = await parentEstimate(def.parent, ctx, parentState);
  const sampled = (parent.sample ?? []).map((p) => ({ parent: p as StreamRecord, partition: def.partition(p as StreamRecord) })).filter((x) => x.partition).slice(0, SAMPLED_PARENTS);
  const route = sampled[0] ? `/api/v2/${def.path(sampled[0].parent, sampled[0].partition!).replace(/\/\d+\//g, "/{id}/")}` : `/api/v2/${def.area === "Community" ? "community" : "help_center"}/…/${def.records}`;
  if (parent.records === undefined) return { route, batches: parent.batches, basis: `partitions unknown (${def.parent.spec.name}: ${parent.basis})` };
  const children: StreamRecord[] = [];
  let childUrl = apiUrl(ctx, def.area === "Community" ? "community" : "help_center");
  for (const { parent: record, partition } of sampled) {
    const host = await hostOfRecord(ctx, record, def.area);
    childUrl = apiUrl(host, def.path(record, partition!));
    const found = await ctx.once(`guide-children:${def.name}:${childUrl}`, () =>
      readChildPages({ ctx, host, path: def.path(record, partition!), records: def.records, paginator: def.paginator(), label: def.name }).catch((error) => {
        if (error instanceof SkipError) return [] as StreamRecord[];
        throw error;
      }),
    );
    children.push(...found.map((r) => tagBrand(r, (record.brand_id as number | undefined) ?? host.brandId)));
  }
  const perParent = sampled.length > 0 ? children.length / sampled.length : undefined;
  return {
    route,
    ...(perParent !== undefined ? { records: Math.round(perParent * parent.records) } : {}),
    batches: [...parent.batches, { url: childUrl, requests: parent.records, parallel: Math.max(1, ctx.concurrency ?? 3) }],
    basis: `one list per ${def.parent.spec.name} record${sampled.length > 0 ? `, children sampled from ${sampled.length}` : ""}`,
    sample: children.slice(0, 5),
  };
}
