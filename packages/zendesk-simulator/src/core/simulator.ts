/**
 * The simulator: one account, its clock, rate limiter, fault injector, auth
 * store and request log, and the pipeline every Zendesk request goes through:
 *   fault? → auth → rate limit → handler → common headers → log.
 */
import { Account, GROUND_TRUTH_STREAMS, type StreamName } from "../account/account.js";
import { NotFoundError, ConflictError } from "./errors.js";
import { isTicketChildStream, ticketChildGroundTruth, TICKET_CHILD_STREAMS, type TicketChildStream } from "../truth/ticket-children.js";
import { AuthStore, BASIC_401 } from "../pipeline/auth.js";
import { SimClock } from "../util/clock.js";
import { mulberry32 } from "../util/prng.js";
import { FaultInjector, type Fault, type FaultOptions } from "../pipeline/faults.js";
import { HttpError, json, materialize, text } from "./http.js";
import { acceptedQuery, type Route, type RouteContext } from "./route.js";
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from "./options.js";
import { classify, RateLimiter, formatSeconds, type RateClass } from "../pipeline/rate-limit.js";
import type { JsonObject } from "./types.js";
import { guideFor, GUIDE_STREAMS, isGuideStream, type GuideStreamName } from "../account/guide/guide.js";
import { EXTENSION_STREAMS, extensionGroundTruth, isExtensionStream, type ExtensionStream } from "../account/account-extensions.js";

/** Request headers the loopback server sets (and strips from clients). */
export const ORIGIN_HEADER = "x-calabi-sim-origin";
export const TRANSPORT_HEADER = "x-calabi-sim-transport";
/** Response header telling the loopback server to break the connection. */
export const FAULT_HEADER = "x-calabi-sim-fault";

export interface RequestLogEntry {
  seq: number;
  /** Simulated time, ISO. */
  at: string;
  method: string;
  /** Path and query as received. */
  path: string;
  /** HTTP status sent (0 when the connection was reset before any byte). */
  status: number;
  fault: string | null;
  rateLimited: boolean;
  /** Auth kind used, when authenticated. */
  auth: "basic" | "bearer" | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A log-normal delay (median `medianMs`, shape `sigma`) drawn from (seed, request number). */
export function logNormalMs(seed: number, requestNumber: number, medianMs: number, sigma: number): number {
  const draw = mulberry32((seed * 2654435761 + requestNumber) >>> 0);
  const u1 = Math.max(draw(), 1e-12);
  const u2 = draw();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return medianMs * Math.exp(sigma * normal);
}

export class Simulator {
  readonly options: ResolvedOptions;
  readonly clock: SimClock;
  readonly account: Account;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly auth: AuthStore;
  private readonly log: RequestLogEntry[] = [];
  private seq = 0;

  constructor(readonly rawOptions: SimulatorOptions = {}) {
    this.options = resolveOptions(rawOptions);
    this.clock = new SimClock(rawOptions.clock);
    const anchorMs = rawOptions.anchor != null ? (typeof rawOptions.anchor === "string" ? Date.parse(rawOptions.anchor) : rawOptions.anchor) : this.clock.now();
    if (!Number.isFinite(anchorMs)) throw new RangeError("anchor must be a time in ms or an ISO string");
    this.account = new Account(
      {
        seed: this.options.seed,
        subdomain: this.options.subdomain,
        anchor: Math.floor(anchorMs / 1000),
        tickets: this.options.tickets,
        historyDays: rawOptions.historyDays,
        users: rawOptions.users,
        organizations: rawOptions.organizations,
        groups: rawOptions.groups,
        organizationsInOneSecond: rawOptions.organizationsInOneSecond,
      },
      this.clock,
    );
    this.rateLimiter = new RateLimiter(this.clock, {
      plan: this.options.plan,
      minuteMs: this.options.minuteMs,
      highVolume: rawOptions.highVolume,
      limits: rawOptions.rateLimits,
      disabled: rawOptions.rateLimitDisabled,
    });
    this.faults = new FaultInjector(this.options.seed, rawOptions.faults ?? {});
    this.auth = new AuthStore(this.clock, this.options.seed, {
      credentials: rawOptions.credentials,
      maxAccessTokenTtlSeconds: rawOptions.maxAccessTokenTtlSeconds,
    });
  }

  /** The account's canonical origin, e.g. https://acme.zendesk.com */
  get origin(): string {
    return `https://${this.options.subdomain}.zendesk.com`;
  }

  /** Unix seconds before which incremental exports show data (now − freshness floor). */
  horizon(): number {
    return this.clock.nowSeconds() - this.options.freshnessSeconds;
  }

  // ---- library-level control --------------------------------------------------

  /**
   * Exactly the records a correct connector must output for `stream` (see
   * README "Ground truth"). Covers the account streams, the ticket-child
   * streams and the Help Center/Community streams.
   */
  groundTruth(stream: StreamName | GuideStreamName | TicketChildStream | ExtensionStream): JsonObject[] {
    if (isGuideStream(stream)) return guideFor(this).groundTruth(stream);
    if (isExtensionStream(stream)) return extensionGroundTruth(this, stream);
    if (isTicketChildStream(stream)) return ticketChildGroundTruth(this, stream);
    return this.account.groundTruth(stream);
  }

  /** Every stream name `groundTruth()` accepts. */
  groundTruthStreams(): string[] {
    return [...new Set<string>([...GROUND_TRUTH_STREAMS, ...TICKET_CHILD_STREAMS, ...GUIDE_STREAMS, ...EXTENSION_STREAMS])];
  }
  requests(): RequestLogEntry[] {
    return this.log.slice();
  }
  clearRequests(): void {
    this.log.length = 0;
  }
  setFaults(options: FaultOptions): void {
    this.faults.set(options);
  }
  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }

  // ---- request pipeline ---------------------------------------------------------

  /** Answer one request routed to `route` (what the msw handlers call). */
  async handle(route: Route, request: Request, params: Record<string, string>): Promise<Response> {
    const res = await this.process(route, request, params);
    return request.headers.get(TRANSPORT_HEADER) === "loopback" ? res : materialize(res);
  }

  private async process(route: Route, request: Request, params: Record<string, string>): Promise<Response> {
    const url = new URL(request.url);
    const rawPath = url.pathname;
    const path = rawPath.replace(/\.json$/, "");
    const pathAndQuery = rawPath + url.search;
    const origin = request.headers.get(ORIGIN_HEADER) ?? url.origin;
    const loopback = request.headers.get(TRANSPORT_HEADER) === "loopback";
    const query = route.control ? url.searchParams : acceptedQuery(route, url.searchParams);
    const ctx: RouteContext = { sim: this, request, url, query, path, rawPath, params, origin, auth: null };
    if (route.control) return this.run(route, ctx);

    const entry: RequestLogEntry = {
      seq: ++this.seq,
      at: new Date(this.clock.now()).toISOString(),
      method: request.method,
      path: pathAndQuery,
      status: 0,
      fault: null,
      rateLimited: false,
      auth: null,
    };
    this.record(entry);

    if (this.rawOptions.unknownSubdomain) {
      entry.status = 404;
      const host = `${this.options.subdomain}.zendesk.com`;
      return json(404, {
        error: {
          title: `No help desk at ${host}`,
          message: "There is no help desk configured at this address. This means that the address is available and that you can claim it at http://www.zendesk.com/signup",
        },
      });
    }
    const latency = this.rawOptions.latency;
    if (latency && latency.medianMs > 0) await sleep(logNormalMs(this.options.seed, entry.seq, latency.medianMs, latency.sigma ?? 0.5));

    const fault = this.faults.decide(pathAndQuery);
    const classes = route.rateClasses ?? classify(path);
    let truncate: Fault | null = null;
    if (fault) {
      entry.fault = fault.kind;
      if (fault.kind === "slow") await sleep(fault.delayMs ?? 250);
      else if ((fault.kind === "truncate" || fault.kind === "truncate-chunked") && request.method === "GET") truncate = fault;
      else {
        const res = this.faultResponse(fault, path, loopback);
        // a reset sends no status line at all
        entry.status = res.type === "error" || res.headers.get(FAULT_HEADER) === "reset" ? 0 : res.status;
        return res;
      }
    }

    if (route.auth !== false) {
      const a = this.auth.authenticate(request.headers.get("authorization"));
      if (!a.ok) {
        const rl = this.rateLimiter.take(classes, false);
        entry.status = 401;
        return this.finish(json(401, a.body ?? BASIC_401, { ...rl.headers, "www-authenticate": 'Basic realm="Web Password"' }), classes);
      }
      ctx.auth = a.kind === "basic" ? { kind: "basic", email: a.email } : { kind: "bearer", token: a.token };
      entry.auth = a.kind;
    }

    const decision = this.rateLimiter.take(classes, truncate == null);
    if (!decision.allowed) {
      entry.rateLimited = true;
      entry.status = 429;
      const body =
        decision.exhausted === "incremental"
          ? json(429, { error: "APIRateLimitExceeded", description: "Number of allowed incremental export API requests per minute exceeded" }, decision.headers)
          : text(429, "Too Many Requests", decision.headers);
      return this.finish(body, classes);
    }

    const res = await this.run(route, ctx);
    for (const [k, v] of Object.entries(decision.headers)) if (!res.headers.has(k)) res.headers.set(k, v);
    this.finish(res, classes);
    entry.status = res.status;
    if (truncate) {
      if (!loopback) {
        entry.status = 0;
        return Response.error();
      }
      res.headers.set(FAULT_HEADER, truncate.kind);
    }
    return res;
  }

  private record(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > this.options.requestLogLimit) this.log.splice(0, this.log.length - this.options.requestLogLimit);
  }

  private async run(route: Route, ctx: RouteContext): Promise<Response> {
    try {
      return await route.handler(ctx);
    } catch (e) {
      if (e instanceof HttpError) {
        return typeof e.body === "string" ? text(e.status, e.body, e.headers) : json(e.status, e.body, e.headers);
      }
      if (e instanceof NotFoundError) return json(404, { error: "RecordNotFound", description: "Not found" });
      if (e instanceof ConflictError) return json(409, { error: "Conflict", description: e.message });
      if (e instanceof SyntaxError) return json(400, { error: "InvalidJSON", description: e.message });
      return json(500, { status: 500, error: "Internal Server Error", detail: String(e) });
    }
  }

  /** Headers every Zendesk response carries. */
  private finish(res: Response, _classes: RateClass[]): Response {
    const h = res.headers;
    if (!h.has("x-zendesk-api-version")) h.set("x-zendesk-api-version", "v2");
    if (!h.has("cache-control")) h.set("cache-control", "max-age=0, private, must-revalidate");
    return res;
  }

  private faultResponse(fault: Fault, path: string, loopback: boolean): Response {
    const retryAfter = formatSeconds((fault.retryAfter ?? this.options.minuteMs / 60_000) * 1000, this.options.minuteMs);
    switch (fault.kind) {
      case "429":
        return this.finish(text(429, "Too Many Requests", { "retry-after": retryAfter }), []);
      case "500":
        return this.finish(json(500, { status: 500, error: "Internal Server Error" }), []);
      case "502":
        return new Response("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", {
          status: 502,
          headers: { "content-type": "text/html" },
        });
      case "503":
        return path.startsWith("/api/v2/search")
          ? this.finish(json(503, { error: "unavailable", description: "Sorry, we could not complete your search query. Please try again in a moment." }, { "retry-after": retryAfter }), [])
          : this.finish(text(503, "Service Unavailable", { "retry-after": retryAfter }), []);
      case "504":
        return text(504, "upstream request timeout");
      default: {
        // reset (or truncate of a non-GET, which must not change state: the request never ran)
        if (!loopback) return Response.error();
        return new Response(null, { status: 200, headers: { [FAULT_HEADER]: "reset" } });
      }
    }
  }
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}
