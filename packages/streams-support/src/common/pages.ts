/** Walks one paginated request: the raw bodies and extracted records, page by page. */
import type { ErrorRule, HttpRequest, HttpResponse, Paginator, ReadContext, StreamRecord } from "@calabi/kernel";

export interface PageWalk {
  /** Absolute URL of the first request (before the paginator's first-page parameters). */
  url: string;
  paginator: Paginator;
  records: (body: any) => StreamRecord[];
  rules?: ErrorRule[];
  label: string;
}

export interface RawPage {
  body: any;
  records: StreamRecord[];
  response: HttpResponse;
}

/**
 * Sends the first request and follows the paginator. The caller may stop early (`break`): no
 * further request is sent, which is how data feeds stop at the first record older than state.
 */
export async function* walkPages(ctx: ReadContext, walk: PageWalk): AsyncGenerator<RawPage> {
  let request: HttpRequest | undefined = walk.paginator.first({ method: "GET", url: walk.url, headers: { accept: "application/json" } });
  while (request) {
    const response = await ctx.http.send(request, { rules: walk.rules, signal: ctx.signal, label: walk.label });
    const body = response.json<any>();
    const records = walk.records(body);
    request = walk.paginator.next(response, body, records);
    yield { body, records, response };
  }
}

/** `{base}/api/v2/{path}` with query parameters; repeated keys come from array values. */
export function apiUrl(ctx: ReadContext, path: string, params: Record<string, string | string[]> = {}): string {
  const url = new URL(`${ctx.baseUrl}/api/v2/${path}`);
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) url.searchParams.append(k, value);
  return url.toString();
}

export const recordsAt = (key: string) => (body: any): StreamRecord[] => (Array.isArray(body?.[key]) ? body[key] : []);
