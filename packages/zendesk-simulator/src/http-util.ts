/** Small helpers to build URLs and JSON responses the way Zendesk formats them. */

/** Thrown by handlers to answer with a specific status and body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

/**
 * `origin + path` with query params in the given order, encoded like Zendesk's
 * links (`page%5Bafter%5D=...`, `=` in cursors as `%3D`).
 */
export function buildUrl(origin: string, path: string, params: [string, string][]): string {
  const qs = new URLSearchParams(params).toString();
  return `${origin}${path}${qs ? `?${qs}` : ""}`;
}

/** The request's query params except the named ones, in request order. */
export function otherParams(query: URLSearchParams, exclude: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of query) if (!exclude.includes(k)) out.push([k, v]);
  return out;
}

/** Parse an optional integer query param; `undefined` when absent, NaN when malformed. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v == null || v === "") return undefined;
  return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
}

export const base64 = {
  encode: (s: string): string => Buffer.from(s, "utf8").toString("base64"),
  decode: (s: string): string => Buffer.from(s, "base64").toString("utf8"),
};
