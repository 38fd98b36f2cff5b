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
  type ReadContext,
  readSubstream,
  type SchemaSource,
  SkipError,
  type Stream,
  type StreamRecord,
  type StreamState,
  toJsonSchema,
  walkPages,
} from "@calabi/kernel";
import { apiUrl } from "./api.js";
import { helpCenterBrandHosts, type BrandHost } from "./brand-hosts.js";

export type GuideArea = "Help Center" | "Community";

/** The hosts to read for a stream; a SkipError (stream) when no brand has a Help Center. */
export async function brandHostsFor(ctx: ReadContext, what: GuideArea): Promise<BrandHost[]> {
  const hosts = await helpCenterBrandHosts({ config: ctx.config, http: ctx.http, logger: ctx.logger, signal: ctx.signal });
  if (hosts.length === 0) throw new SkipError("stream", `no brand of this account has a ${what} enabled (/api/v2/brands: has_help_center)`);
  return hosts;
}

/** The host a child partition's parent record came from (`brand_id`), else the account's. */
export async function hostOfRecord(ctx: ReadContext, record: StreamRecord, what: GuideArea): Promise<BrandHost> {
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
  return { ...inner, read: (ctx: ReadContext) => readPerBrand(inner, ctx, what) };
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
  ctx: ReadContext;
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
