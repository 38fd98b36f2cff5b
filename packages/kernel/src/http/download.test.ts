import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Authenticator, Budget } from "../index.js";
import { silentLogger } from "../logging/logger.js";
import { systemClock } from "../util/system-clock.js";
import { createHttpClient } from "./client.js";

/** Downloads go through the connection's client (and its one retry engine). */
const downloader = (authenticator: Authenticator) => {
  const client = createHttpClient({ authenticator, budget, clock: systemClock, logger: silentLogger, retry: { baseDelayMs: 1 } });
  return { download: client.download!, close: client.close };
};

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

const budget: Budget = { acquire: async () => undefined, observe: () => undefined, pause: () => undefined, onWait: () => () => undefined };

async function serve(handler: (path: string, headers: IncomingHttpHeaders, res: import("node:http").ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => handler(req.url ?? "/", req.headers, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("HttpClient.download", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it("sends credentials to the first origin only, follows allowed redirects, streams the body", async () => {
    const cdnSeen: IncomingHttpHeaders[] = [];
    const cdn = await serve((_p, h, res) => {
      cdnSeen.push(h);
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end(Buffer.from("%PDF-1.7 bytes"));
    });
    const home = await serve((_p, h, res) => {
      expect(h.authorization).toBe("Bearer t1");
      expect(h.host).toBe("brand.example.com");
      res.writeHead(302, { location: `${cdn.url}/signed?x=1` });
      res.end();
    });
    servers.push(cdn.server, home.server);
    let tokens = 0;
    const auth: Authenticator = { apply: async (r) => ({ ...r, headers: { ...r.headers, authorization: `Bearer t${++tokens > 0 ? 1 : 1}` } }) };
    const d = downloader(auth);
    const result = await d.download({ method: "GET", url: `${home.url}/hc/article_attachments/1/a.pdf`, headers: { host: "brand.example.com" } }, { allowRedirect: (u: URL) => u.hostname === "127.0.0.1" });
    const body = await collect(result.body as AsyncIterable<Buffer>);
    expect(body.toString()).toBe("%PDF-1.7 bytes");
    expect(result.url).toBe(`${cdn.url}/signed?x=1`);
    expect(cdnSeen[0].authorization).toBeUndefined();
    expect(cdnSeen[0].host).toBe(new URL(cdn.url).host);
    await d.close();
  });

  it("refuses redirects to hosts not allowed and to non-http schemes", async () => {
    let target = "https://evil.example.net/x";
    const home = await serve((_p, _h, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    servers.push(home.server);
    const d = downloader({ apply: async (r) => r });
    const allow = (u: URL) => u.hostname === "127.0.0.1";
    await expect(d.download({ method: "GET", url: `${home.url}/f`, headers: {} }, { allowRedirect: allow })).rejects.toThrow(/not an allowed host/);
    target = "file:///etc/passwd";
    await expect(d.download({ method: "GET", url: `${home.url}/f`, headers: {} }, { allowRedirect: allow })).rejects.toThrow(/file: URL; refused/);
    target = "/f";
    await expect(d.download({ method: "GET", url: `${home.url}/f`, headers: {} }, { allowRedirect: allow })).rejects.toThrow(/more than 5 times/);
    await d.close();
  });

  it("refreshes once on 401 from the credentialed origin, keyed on status", async () => {
    let calls = 0;
    const home = await serve((_p, h, res) => {
      calls++;
      if (h.authorization !== "Bearer fresh") {
        res.writeHead(401, { "content-type": "text/html" });
        res.end("<html>sign in</html>");
        return;
      }
      res.writeHead(200);
      res.end("ok");
    });
    servers.push(home.server);
    let token = "stale";
    const auth: Authenticator = {
      apply: async (r) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${token}` } }),
      refresh: async () => {
        token = "fresh";
      },
    };
    const d = downloader(auth);
    const result = await d.download({ method: "GET", url: `${home.url}/f`, headers: {} });
    expect((await collect(result.body as AsyncIterable<Buffer>)).toString()).toBe("ok");
    expect(calls).toBe(2);
    await d.close();
  });

  it("retries 5xx then fails with the status", async () => {
    const home = await serve((_p, _h, res) => {
      res.writeHead(503);
      res.end();
    });
    servers.push(home.server);
    const d = downloader({ apply: async (r) => r });
    await expect(d.download({ method: "GET", url: `${home.url}/f`, headers: {} })).rejects.toMatchObject({ status: 503, failureType: "transient_error" });
    await d.close();
  });
});
