import type { HttpRequest, HttpResponse } from "../contracts/http.js";

/**
 * The request for a next-page URL, used verbatim. Headers come from the request that produced the
 * response minus credentials: the authenticator applies fresh ones to every attempt.
 */
export function follow(response: HttpResponse, url: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.request.headers)) {
    if (k.toLowerCase() !== "authorization") headers[k] = v;
  }
  // Zendesk sends absolute URLs; resolve a relative one rather than fail on it.
  const absolute = /^https?:\/\//i.test(url) ? url : new URL(url, response.request.url).href;
  return { method: "GET", url: absolute, headers };
}

export const isNonEmptyString = (v: unknown): v is string => typeof v === "string" && v !== "";

export const asObject = (v: unknown): Record<string, any> => (v && typeof v === "object" ? (v as Record<string, any>) : {});
