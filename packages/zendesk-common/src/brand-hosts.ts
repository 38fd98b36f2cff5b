/**
 * Help Center hosts of a (possibly multi-brand) account. Help Center and Community calls go to
 * each brand's own host, `https://{brand.subdomain}.zendesk.com` (ZENDESK-API.md §9); the brands
 * come from `/api/v2/brands` (`has_help_center`, `subdomain`, `brand_url`).
 *
 * With `base_url` set (simulators, proxies) every brand is reached through that one origin by
 * virtual hosting: requests go to `base_url` with a `Host: {brand.subdomain}.zendesk.com` header
 * (the account's own brand needs none). Next-page links that point back at `base_url` keep the
 * header, because every request a brand makes goes through its brand-scoped client.
 */
import { zendeskBaseUrl, type BaseUrlConfig } from "@calabi/auth-zendesk";
import {
  type DownloadOptions,
  type DownloadResult,
  type HttpClient,
  type HttpRequest,
  type Logger,
  type RequestOptions,
  SkipError,
  walkPages,
} from "@calabi/kernel";
import { linksPaginator } from "./pagination/index.js";

export interface BrandHost {
  /** The brand's id, or undefined when brands could not be listed (single-host fallback). */
  brandId: number | undefined;
  subdomain: string;
  /** The brand's real host, e.g. acme-docs.zendesk.com. */
  host: string;
  /** Where requests are sent: `https://{host}`, or `base_url`. */
  baseUrl: string;
  /** `Host` header sent with requests to `baseUrl` (virtual hosting through base_url), if any. */
  hostHeader?: string;
  /** The connection's client, scoped to this brand (adds the Host header where needed). */
  http: HttpClient;
  /** Maps a URL on this brand's (or any known brand's) real host onto `baseUrl`; others unchanged. */
  resolve(url: string): HttpRequest;
}

export interface BrandHostsInput {
  config: BaseUrlConfig;
  http: HttpClient;
  logger: Logger;
  signal?: AbortSignal;
}

interface BrandRecord {
  id?: number;
  subdomain?: string | null;
  has_help_center?: boolean | null;
  active?: boolean | null;
  is_deleted?: boolean | null;
}

interface BrandRef {
  brandId: number | undefined;
  subdomain: string;
}

const cache = new WeakMap<object, Promise<BrandRef[]>>();

/**
 * The hosts whose Help Center should be read, brand by brand. The brand list is fetched once per
 * parsed config (so the streams of one sync list brands once); each call binds the caller's
 * client. When `/brands` is refused (403/404) the account's own host is used alone, with a WARN.
 */
export async function helpCenterBrandHosts(input: BrandHostsInput): Promise<BrandHost[]> {
  const key = input.config as object;
  let refs = cache.get(key);
  if (!refs) {
    refs = listBrands(input);
    cache.set(key, refs);
    refs.catch(() => cache.delete(key));
  }
  return (await refs).map((b) => brandHost(input.config, b.brandId, b.subdomain, input.http));
}

async function listBrands(input: BrandHostsInput): Promise<BrandRef[]> {
  const { config, http, logger } = input;
  const base = zendeskBaseUrl(config);
  const brands: BrandRecord[] = [];
  try {
    const walk = { url: `${base}/api/v2/brands`, paginator: linksPaginator({ pageSize: 100 }), records: "brands", rules: [brandsRefused], label: "brands" };
    for await (const page of walkPages({ http, signal: input.signal }, walk)) brands.push(...(page.records as BrandRecord[]));
  } catch (error) {
    if (!(error instanceof SkipError)) throw error;
    logger.warn(`Could not list brands (${error.message}); reading the Help Center of ${config.subdomain} only.`);
    return [{ brandId: undefined, subdomain: config.subdomain }];
  }
  return brands
    .filter((b) => b.has_help_center === true && b.is_deleted !== true && b.active !== false && typeof b.subdomain === "string" && b.subdomain)
    .sort((a, b) => (a.subdomain === config.subdomain ? -1 : b.subdomain === config.subdomain ? 1 : (a.id ?? 0) - (b.id ?? 0)))
    .map((b) => ({ brandId: b.id, subdomain: b.subdomain as string }));
}

const brandsRefused = (r: { status: number }) =>
  r.status === 403 || r.status === 404 ? { action: "skip" as const, scope: "stream" as const, message: `HTTP ${r.status} from /api/v2/brands` } : undefined;

/** One brand's host and its scoped client. */
export function brandHost(config: BaseUrlConfig, brandId: number | undefined, subdomain: string, http: HttpClient): BrandHost {
  const host = `${subdomain}.zendesk.com`;
  const viaBaseUrl = config.base_url !== undefined;
  const baseUrl = viaBaseUrl ? config.base_url! : `https://${host}`;
  const hostHeader = viaBaseUrl && subdomain !== config.subdomain ? host : undefined;
  const origin = new URL(baseUrl).origin;
  const scoped = (request: HttpRequest): HttpRequest => {
    if (!hostHeader || new URL(request.url).origin !== origin) return request;
    return { ...request, headers: { ...request.headers, host: hostHeader } };
  };
  const resolve = (url: string): HttpRequest => {
    const parsed = new URL(url);
    let target = url;
    if (viaBaseUrl && parsed.protocol === "https:" && /\.zendesk\.com$/i.test(parsed.hostname)) {
      target = `${config.base_url}${parsed.pathname}${parsed.search}`;
      const named = parsed.hostname.toLowerCase();
      const headers: Record<string, string> = named === `${config.subdomain}.zendesk.com` ? {} : { host: named };
      return { method: "GET", url: target, headers };
    }
    return scoped({ method: "GET", url: target, headers: {} });
  };
  const client: HttpClient = {
    send: (request: HttpRequest, options?: RequestOptions) => http.send(scoped(request), options),
    async getJson<T = unknown>(url: string, options?: RequestOptions) {
      const response = await http.send(scoped({ method: "GET", url, headers: { accept: "application/json" } }), options);
      return { body: response.json<T>(), response };
    },
    ...(http.download
      ? { download: (request: HttpRequest, options?: DownloadOptions) => http.download!(scoped(request), options) }
      : {}),
    ...(http.transfer
      ? {
          transfer: <T>(request: HttpRequest, consume: (result: DownloadResult) => Promise<T>, options?: DownloadOptions) =>
            http.transfer!(scoped(request), consume, options),
        }
      : {}),
  };
  return { brandId, subdomain, host, baseUrl, ...(hostHeader ? { hostHeader } : {}), http: client, resolve };
}

/**
 * Where a Zendesk attachment download may be redirected: over https, the account's own Zendesk
 * hosts (`zendeskHosts`, e.g. every brand's `{subdomain}.zendesk.com`; any `*.zendesk.com` when not
 * given) and Zendesk's file CDNs (`*.zdusercontent.com`, `*.zdassets.com`); with `base_url` set
 * (tests, proxies) also that host, over http when it is a loopback host.
 */
export function allowedDownloadTarget(config: BaseUrlConfig, zendeskHosts?: string[]): (url: URL) => boolean {
  const testHost = config.base_url ? new URL(config.base_url).hostname.toLowerCase() : undefined;
  const known = zendeskHosts ? new Set([...zendeskHosts, `${config.subdomain}.zendesk.com`].map((h) => h.toLowerCase())) : undefined;
  return (url) => {
    const host = url.hostname.toLowerCase();
    if (testHost && host === testHost && (url.protocol === "https:" || url.protocol === "http:")) return true;
    if (url.protocol !== "https:") return false;
    if (/(^|\.)(zdusercontent\.com|zdassets\.com)$/.test(host)) return true;
    return known ? known.has(host) : /(^|\.)zendesk\.com$/.test(host);
  };
}

