/** Zendesk's URL layout: every API path lives under `{baseUrl}/api/v2/`. */
import { boundRateClass } from "@calabi/auth-zendesk";
import { defineRestStream, type ReadContext, type RestStreamDefinition, type Stream, type StreamRecord, type StreamState } from "@calabi/kernel";

/** `{base}/api/v2/{path}` with query parameters; repeated keys come from array values. */
export function apiUrl(ctx: Pick<ReadContext, "baseUrl">, path: string, params: Record<string, string | string[]> = {}): string {
  const url = new URL(`${ctx.baseUrl}/api/v2/${path}`);
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) url.searchParams.append(k, value);
  return url.toString();
}

/** A URL builder for `defineRestStream`: the path under /api/v2/ of the read's base URL. */
export const apiPath = (path: string) => (ctx: ReadContext) => apiUrl(ctx, path);

export interface ZendeskStreamDefinition extends Omit<RestStreamDefinition, "url"> {
  /** Path under /api/v2/, e.g. "groups" or "incremental/tickets/cursor.json". */
  path: string;
}

/** A declarative Zendesk stream: `defineRestStream` with the URL at `/api/v2/{path}` of the account. */
export function defineZendeskStream(def: ZendeskStreamDefinition): Stream<StreamRecord, StreamState> {
  const { path, ...rest } = def;
  const rateClass = boundRateClass(`/api/v2/${path.split("?")[0]}`);
  return { ...defineRestStream({ ...rest, url: apiPath(path) }), rateClass: () => rateClass };
}

/** The records at a top-level key of a body; an absent or non-array value gives none. */
export const recordsAt = (key: string) => (body: any): StreamRecord[] => (Array.isArray(body?.[key]) ? body[key] : []);
