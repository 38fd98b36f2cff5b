/**
 * `check`: one cheap authenticated request (the first page of tags, size 1, as Airbyte's check
 * reads one page of the tags stream), and a plain-words explanation when it fails.
 */
import { ConfigError, ConnectorError, HttpFailure, SkipError, redactor, type CheckResult, type HttpClient } from "@calabi/kernel";
import { zendeskBaseUrl } from "./config/base-url.js";
import type { ZendeskConfig } from "./config/schema.js";
import { networkErrorCode } from "./network-errors.js";

export const CHECK_PATH = "/api/v2/tags?page[size]=1";

export interface CheckInput {
  http: HttpClient;
  config: Pick<ZendeskConfig, "subdomain" | "base_url">;
  baseUrl?: string;
  signal?: AbortSignal;
}

export async function checkZendeskConnection(input: CheckInput): Promise<CheckResult> {
  const baseUrl = input.baseUrl ?? zendeskBaseUrl(input.config);
  try {
    const { body } = await input.http.getJson<{ tags?: unknown }>(`${baseUrl}${CHECK_PATH}`, {
      label: "check",
      // A check answers quickly: one retry for a blip, not a minute of backoff on a refused port.
      maxAttempts: 2,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (!body || typeof body !== "object" || !Array.isArray(body.tags)) {
      return {
        ok: false,
        message: `${baseUrl} answered, but not like Zendesk (no "tags" list in the response): check config.subdomain and config.base_url.`,
      };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, message: redactor.redact(explainCheckFailure(error, baseUrl, input.config)) };
  }
}

/** Turns whatever the HTTP client threw into one sentence a user can act on. */
export function explainCheckFailure(error: unknown, baseUrl: string, config: Pick<ZendeskConfig, "subdomain" | "base_url">): string {
  const host = hostOf(baseUrl);
  const fix = config.base_url ? "check config.base_url" : `check config.subdomain ("${config.subdomain}")`;

  if (error instanceof SkipError) {
    return `The credentials work, but this user may not read ${CHECK_PATH.split("?")[0]} (insufficient permissions): use an agent or admin account${oauthScopeHint()}.`;
  }
  if (error instanceof HttpFailure && error.status !== undefined) {
    switch (error.status) {
      case 401:
        return `Bad credentials: ${error.message}`;
      case 403:
        return `Insufficient permissions: the credentials were accepted but Zendesk refused to list tags (403); use an agent or admin account${oauthScopeHint()}.`;
      case 404:
        return error.message.includes("There is no Zendesk account")
          ? `Unknown subdomain: ${error.message}`
          : `Zendesk answered 404 for ${CHECK_PATH.split("?")[0]} at ${host}: ${fix}.`;
      default:
        return `The connection check failed: ${error.message}`;
    }
  }
  if (error instanceof ConfigError) return error.message;

  const code = networkErrorCode(error);
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot resolve ${host} (${code}): ${fix}, and that this machine has network access and working DNS.`;
    case "ECONNREFUSED":
      return `Connection refused by ${host} (ECONNREFUSED): ${fix}, and that nothing (firewall, proxy) blocks the connection.`;
    case "ECONNRESET":
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_SOCKET":
      return `No answer from ${host} (${code}): check the network connection and try again.`;
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return `TLS failure talking to ${host} (${code}).`;
    default:
      break;
  }
  if (error instanceof ConnectorError) return `The connection check failed: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `The connection check failed${code ? ` (${code})` : ""}: ${message}`;
}

function oauthScopeHint(): string {
  return " (with OAuth, the token needs the read scope)";
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
