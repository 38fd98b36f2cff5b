/**
 * The attachment CDN on loopback: a second node:http server (its own port, hence its own origin)
 * serving `GET /files/{id}/{token}/{name}` with the attachment's real bytes, streamed in 16 KiB
 * chunks (optionally slowed down). Like a signed-URL file store it refuses requests that carry an
 * `Authorization` header (400), so a client leaking Zendesk credentials off-host fails loudly.
 * Faults scripted for paths starting with `/cdn/` apply here (500, 503, reset, truncate).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { contentSlice } from "../account/guide/attachment-bytes.js";
import { guideFor } from "../account/guide/guide.js";
import { cdnToken } from "../handlers/help-center/attachments.js";
import type { Simulator } from "./simulator.js";

const CHUNK = 16 * 1024;

export interface CdnServer {
  url: string;
  /** Requests received (path and whether an Authorization header came along). */
  requests: { path: string; authorization: boolean }[];
  close(): Promise<void>;
}

export async function startGuideCdn(sim: Simulator, host = "127.0.0.1"): Promise<CdnServer> {
  const guide = guideFor(sim);
  const requests: CdnServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://cdn.local");
    const authorization = req.headers.authorization !== undefined;
    requests.push({ path: url.pathname, authorization });
    const m = /^\/files\/(\d+)\/([0-9a-f]+)\/[^/]+$/.exec(url.pathname);
    const id = m ? Number(m[1]) : NaN;
    const meta = guide.helpCenter.attachmentMeta.get(id);
    if (authorization) {
      res.writeHead(400, { "content-type": "application/xml" });
      res.end("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
      return;
    }
    if (!m || !meta || m[2] !== cdnToken(guide, sim.options.seed, id)) {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match</Message></Error>");
      return;
    }
    const fault = sim.faults.decide(`/cdn${url.pathname}`);
    if (fault?.kind === "reset") {
      res.socket?.destroy();
      return;
    }
    if (fault && /^5\d\d$/.test(fault.kind)) {
      res.writeHead(Number(fault.kind), { "content-type": "text/plain" });
      res.end("Service Unavailable");
      return;
    }
    const size = meta.content.size;
    const cut = fault?.kind === "truncate" || fault?.kind === "truncate-chunked" ? Math.floor(size / 2) : size;
    res.writeHead(200, {
      "content-type": meta.content.contentType,
      "content-length": String(size),
      "cache-control": "private, max-age=300",
    });
    const delay = guide.options.cdnChunkDelayMs;
    let offset = 0;
    const pump = () => {
      if (res.destroyed) return;
      if (offset >= cut) {
        if (cut < size) res.socket?.destroy();
        else res.end();
        return;
      }
      const chunk = contentSlice(sim.options.seed, meta.content, offset, Math.min(cut, offset + CHUNK));
      offset += chunk.length;
      const more = res.write(chunk);
      const next = () => (delay > 0 ? setTimeout(pump, delay) : setImmediate(pump));
      if (more) next();
      else res.once("drain", next);
    };
    pump();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  guide.cdnOrigin = url;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Maps a request's Host header onto the brand origin it names, if it names one. */
export function brandOriginForHost(sim: Simulator, host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  return guideFor(sim).brandAt(`https://${name}`)?.origin;
}
