import type { HttpRequest } from "@calabi/kernel";

/** A copy of the request with `authorization` set (any other spelling of the header removed). */
export function withAuthorization(request: HttpRequest, value: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== "authorization") headers[name] = v;
  }
  headers.authorization = value;
  return { ...request, headers };
}

/** The bearer token a request was sent with, if any. */
export function bearerTokenOf(request: { headers: Record<string, string> } | undefined): string | undefined {
  if (!request) return undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === "authorization") {
      const match = /^Bearer\s+(.+)$/i.exec(value);
      return match?.[1];
    }
  }
  return undefined;
}
