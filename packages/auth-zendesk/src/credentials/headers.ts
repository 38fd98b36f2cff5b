import { ConnectorError, type HttpRequest } from "@calabi/kernel";
import { isLoopbackHost } from "../config/base-url.js";

/**
 * A copy of the request with `authorization` set (any other spelling of the header removed).
 * Credentials only travel over https, or plain http to a loopback host (simulators, tests): a
 * `next` link or redirect pointing at a plain-http host gets an error instead of the secret.
 */
export function withAuthorization(request: HttpRequest, value: string): HttpRequest {
  assertSafeForCredentials(request.url);
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

export function assertSafeForCredentials(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectorError(`Refusing to send credentials: not an absolute URL (${url.split("?")[0]}).`, "system_error");
  }
  if (parsed.protocol === "https:") return;
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return;
  throw new ConnectorError(
    `Refusing to send Zendesk credentials to ${parsed.protocol}//${parsed.host}: only https (or http to a loopback host) is allowed.`,
    "system_error",
  );
}
