/** Test helpers: an undici client for the loopback simulator. */
import { Agent, request } from "undici";
import { startSimulator, type RunningSimulator, type StartOptions } from "../core/server.js";

export const BASIC = `Basic ${Buffer.from("admin@example.com/token:abc123").toString("base64")}`;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

const agent = new Agent({ keepAliveTimeout: 1000, connections: 8 });

/** GET/POST a path or absolute URL; parses JSON when possible. */
export async function call(base: string, pathOrUrl: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
  const res = await request(url, {
    method: (init.method ?? "GET") as "GET",
    headers: { authorization: BASIC, ...init.headers },
    body: init.body,
    dispatcher: agent,
  });
  const text = await res.body.text();
  let body: any = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
  return { status: res.statusCode, headers, body, text };
}

/** A fixed anchor so generated data is identical on every run. */
export const ANCHOR = "2026-06-01T12:00:00Z";

export async function withSim<T>(options: StartOptions, fn: (sim: RunningSimulator, get: (p: string, h?: Record<string, string>) => Promise<Reply>) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ anchor: ANCHOR, rateLimitDisabled: true, ...options });
  try {
    return await fn(sim, (p, h) => call(sim.url, p, { headers: h }));
  } finally {
    await sim.close();
  }
}

/** Follow an export's pages until end_of_stream (guarding against endless loops). */
export async function walk(get: (p: string) => Promise<Reply>, first: string, nextOf: (b: any) => string | null, stop: (b: any) => boolean, max = 10_000): Promise<any[]> {
  const pages: any[] = [];
  let url: string | null = first;
  while (url && pages.length < max) {
    const r = await get(url);
    if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${url}: ${r.text}`);
    pages.push(r.body);
    if (stop(r.body)) break;
    url = nextOf(r.body);
  }
  return pages;
}
