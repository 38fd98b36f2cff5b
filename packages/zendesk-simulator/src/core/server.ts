/**
 * Loopback HTTP server: msw does not intercept npm undici, so the same msw
 * handlers are served on a real node:http server. Each request is turned into
 * a Fetch Request whose URL is rewritten onto the simulator's origin
 * (https://{subdomain}.zendesk.com), answered with msw's `getResponse`, and
 * written back. The public origin (http://127.0.0.1:PORT) travels in a header
 * so next-page links point back at this server. Connection-level faults
 * (reset, truncated body) are carried out here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type HttpHandler } from "msw";
import { createHandlers } from "./routing.js";
import { RAW_BODIES } from "./http.js";
import type { SimulatorOptions } from "./options.js";
import { FAULT_HEADER, ORIGIN_HEADER, Simulator, TRANSPORT_HEADER, type RequestLogEntry } from "./simulator.js";
import type { Account, StreamName } from "../account/account.js";
import type { FaultOptions } from "../pipeline/faults.js";
import type { JsonObject } from "./types.js";
import type { GuideStreamName } from "../account/guide/guide.js";
import { brandOriginForHost, startGuideCdn } from "./cdn-server.js";

export interface StartOptions extends SimulatorOptions {
  /** Port to listen on (0 = OS-chosen, default). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:54321 (use as the connector's base_url). */
  url: string;
  port: number;
  sim: Simulator;
  account: Account;
  handlers: HttpHandler[];
  groundTruth(stream: Parameters<Simulator["groundTruth"]>[0]): JsonObject[];
  /** Base URL of the attachment CDN (a second loopback origin). */
  cdnUrl: string;
  requests(): RequestLogEntry[];
  setFaults(options: FaultOptions): void;
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function toFetchRequest(req: IncomingMessage, target: string, publicOrigin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v == null || k === ORIGIN_HEADER || k === TRANSPORT_HEADER || k === "host" || k === "connection" || k === "content-length" || k === "transfer-encoding") continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  headers.set(ORIGIN_HEADER, publicOrigin);
  headers.set(TRANSPORT_HEADER, "loopback");
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && body.length > 0;
  return new Request(target, { method, headers, body: hasBody ? body : undefined });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  if (response.type === "error") {
    res.socket?.destroy();
    return;
  }
  const fault = response.headers.get(FAULT_HEADER);
  if (fault === "reset") {
    res.socket?.destroy();
    return;
  }
  const body = RAW_BODIES.get(response) ?? Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    if (k !== FAULT_HEADER && k !== "content-length" && k !== "set-cookie") headers[k] = v;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (fault === "truncate") {
    // announce the full length, send part of it, then drop the connection
    headers["content-length"] = String(body.length);
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
    return;
  }
  if (fault === "truncate-chunked") {
    headers["transfer-encoding"] = "chunked";
    res.writeHead(response.status, response.statusText || undefined, headers);
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
    return;
  }
  headers["content-length"] = String(body.length);
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}

/** Serve msw `handlers` on a loopback port, rewriting requests onto `origin`. */
export async function serveHandlers(handlers: HttpHandler[], options: { origin: string; port?: number; host?: string; originFor?: (host: string | undefined) => string | undefined }): Promise<{ server: Server; url: string; port: number; close(): Promise<void> }> {
  const host = options.host ?? "127.0.0.1";
  let publicOrigin = "";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        // Virtual hosting: a Host header naming another served origin (a brand host) selects it.
        const target = (options.originFor?.(req.headers.host) ?? options.origin) + (req.url ?? "/");
        const request = toFetchRequest(req, target, publicOrigin, body);
        const response = await getResponse(handlers, request);
        if (!response) {
          res.writeHead(501, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ error: "NotImplemented", description: `no simulator route for ${req.method} ${req.url}` }));
          return;
        }
        await writeResponse(res, response);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ status: 500, error: "Internal Server Error", detail: String(e) }));
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  publicOrigin = url;
  return {
    server,
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Create a simulator and serve it on a loopback port. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const sim = new Simulator(options);
  const handlers = createHandlers(sim);
  const served = await serveHandlers(handlers, { origin: sim.origin, port: options.port, host: options.host, originFor: (h) => brandOriginForHost(sim, h) });
  const cdn = await startGuideCdn(sim, options.host);
  return {
    url: served.url,
    port: served.port,
    sim,
    account: sim.account,
    handlers,
    groundTruth: (s) => sim.groundTruth(s),
    requests: () => sim.requests(),
    setFaults: (f) => sim.setFaults(f),
    advanceClock: (ms) => sim.advanceClock(ms),
    cdnUrl: cdn.url,
    close: async () => {
      await cdn.close();
      await served.close();
    },
  };
}
