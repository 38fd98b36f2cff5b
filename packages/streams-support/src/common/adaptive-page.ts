/**
 * Adaptive page size for walks whose page size Zendesk lets us choose (`per_page` on the ticket
 * events export, `limit` on the audits feed). A size the user set (`page_size`) is used as is.
 * Otherwise the walk starts at the largest page, halves it when a page times out (a 504 "upstream
 * request timeout", or a page slower than `slowMs` on the wire — waits for the rate limit do not
 * count) and doubles it back when pages are fast. Every
 * URL the walk sends gets the current size, so the next page's URL (which echoes the old one) is
 * rewritten; the position in the walk (`start_time`, `cursor`) is untouched, so no record is skipped
 * or read twice by a change of size.
 *
 * It wraps the read context's HTTP client, so the walk (`walkPages`) and its retry engine stay the
 * ones every stream uses: a 504 at a size above the minimum fails fast (no retry at the same size)
 * and is sent again, at half the size; at the minimum the stream's own rules apply.
 */
import { type ErrorRule, HttpFailure, type HttpClient, type HttpRequest, type InFlightLimit, type ReadContext, type RequestOptions } from "@calabi/kernel";

export interface AdaptivePageOptions {
  /** The query parameter that sets the page size. */
  param: string;
  /** The largest page Zendesk allows (the start). */
  max: number;
  /** Never below this (halving stops here and the stream's 504 rules take over). */
  min: number;
  /** A size the user chose: fixed, no adaptation. */
  fixed?: number;
  /** A page slower than this halves the next one. Default 20 s. */
  slowMs?: number;
  /** A page faster than this doubles the next one (up to `max`). Default 5 s. */
  fastMs?: number;
  /** Told of every change of size (for the log). */
  onResize?(from: number, to: number, why: string): void;
}

/** The current size of an adaptive walk, shared by every request of the walk. */
export class PageSize {
  current: number;
  constructor(readonly options: AdaptivePageOptions) {
    this.current = options.fixed ?? options.max;
  }
  get adaptive(): boolean {
    return this.options.fixed === undefined;
  }
  halve(why: string): boolean {
    if (!this.adaptive || this.current <= this.options.min) return false;
    this.resize(Math.max(this.options.min, Math.floor(this.current / 2)), why);
    return true;
  }
  /** After a successful page that took `ms`. */
  observe(ms: number): void {
    if (!this.adaptive) return;
    if (ms > (this.options.slowMs ?? 20_000)) this.halve(`a page took ${(ms / 1000).toFixed(1)} s`);
    else if (ms < (this.options.fastMs ?? 5_000) && this.current < this.options.max) this.resize(Math.min(this.options.max, this.current * 2), "pages are fast");
  }
  private resize(to: number, why: string): void {
    const from = this.current;
    this.current = to;
    this.options.onResize?.(from, to, why);
  }
}

const TIMED_OUT = "page timed out at this size";

/** Fails a 504 at once (no retry at the same size): the adaptive client sends it again, smaller. */
const failFastOn504: ErrorRule = (response) =>
  response.status === 504 ? { action: "fail", failureType: "transient_error", message: `${TIMED_OUT} (HTTP 504)` } : undefined;

function withSize(url: string, param: string, size: number): string {
  const u = new URL(url);
  u.searchParams.set(param, String(size));
  return u.toString();
}

/** The read context with its HTTP client sizing every page by `size`. */
export function adaptivePages<C extends Pick<ReadContext, "http" | "clock" | "logger">>(ctx: C, size: PageSize): C {
  const { http, clock } = ctx;
  const send = async (request: HttpRequest, options: RequestOptions = {}) => {
    for (;;) {
      const sized = { ...request, url: withSize(request.url, size.options.param, size.current) };
      const canHalve = size.adaptive && size.current > size.options.min;
      // A page's time is its exchange on the wire (the in-flight slot the client takes after the
      // budget granted the request), never the wait for the rate limit.
      let took = 0;
      const outer = options.inFlight;
      const timed: InFlightLimit = {
        async acquire(signal) {
          const release = outer ? await outer.acquire(signal) : () => undefined;
          const at = clock.now();
          return () => {
            took = clock.now() - at;
            release();
          };
        },
      };
      const rules = canHalve ? [failFastOn504, ...(options.rules ?? [])] : options.rules;
      try {
        const response = await http.send(sized, { ...options, ...(rules ? { rules } : {}), inFlight: timed });
        size.observe(took);
        return response;
      } catch (error) {
        if (canHalve && error instanceof HttpFailure && error.status === 504 && error.message.includes(TIMED_OUT)) {
          size.halve("HTTP 504 (upstream timeout)");
          continue;
        }
        throw error;
      }
    }
  };
  const wrapped: HttpClient = {
    ...http,
    send,
    getJson: async (url, options) => {
      const response = await send({ method: "GET", url, headers: {} }, options);
      return { body: response.json(), response };
    },
  };
  return { ...ctx, http: wrapped };
}

/** ctx.config.page_size when the user set it (a whole number), else undefined. */
export function configuredPageSize(config: unknown): number | undefined {
  const value = (config as { page_size?: unknown } | undefined)?.page_size;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
