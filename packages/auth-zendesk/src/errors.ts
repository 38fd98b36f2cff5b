/**
 * Zendesk's default error chain (STREAMS.md §7.1), as kernel ErrorRules. First match wins; 429 and
 * 5xx fall through to the kernel's built-in tail (rate_limited / retry with backoff).
 * Stream plugins put their overrides (per-ticket skips, 504 handling, …) in front of these.
 */
import type { ErrorRule, HttpResponse, Verdict } from "@calabi/kernel";
import { zendeskBaseUrl } from "./config/base-url.js";
import type { ZendeskConfig } from "./config/schema.js";

export interface ErrorRulesConfig {
  subdomain: string;
  base_url?: string | undefined;
  credentials: { credentials: ZendeskConfig["credentials"]["credentials"]; email?: string };
}

/** The request path without query string: short, and never carries a secret. */
export function requestPath(response: Pick<HttpResponse, "request">): string {
  try {
    return new URL(response.request.url).pathname;
  } catch {
    return response.request.url.split("?")[0] ?? "";
  }
}

const fail = (message: string): Verdict => ({ action: "fail", failureType: "config_error", message });

/** What a 401 means for each credential method. */
export function unauthorizedMessage(config: ErrorRulesConfig): string {
  const creds = config.credentials;
  switch (creds.credentials) {
    case "api_token":
      return `Zendesk rejected the API token for ${creds.email ?? "the configured user"}: check config.credentials.email and config.credentials.api_token (and that token access is enabled in Admin Center → Apps and integrations → APIs).`;
    case "oauth2.0":
      return "Zendesk rejected the OAuth access token (legacy, non-refreshable): it expired or was revoked; re-authorise the connection, preferably with the \"oauth2_refresh\" method.";
    case "oauth2_refresh":
      return "Zendesk rejected the OAuth access token (401): re-authorise the connection.";
  }
}

/** Best guess at why Zendesk says "You do not have access" for a path. */
export function likelyMissingAccess(path: string): string {
  const p = path.replace(/\.json$/, "");
  if (/\/audit_logs\b/.test(p)) return "audit logs need an Enterprise plan and an admin user";
  if (/\/custom_roles\b/.test(p)) return "custom roles need an Enterprise plan";
  if (/\/slas\b/.test(p)) return "SLA policies need Support Professional / Suite Growth or above";
  if (/\/routing\//.test(p)) return "routing attributes need skills-based routing (Enterprise or the add-on)";
  if (/\/ticket_forms\b/.test(p)) return "multiple ticket forms need Support Enterprise / Suite Growth or above";
  if (/\/deleted_tickets\b/.test(p)) return "listing deleted tickets needs the view_deleted_tickets permission";
  if (/\/incremental\//.test(p)) return "incremental exports need an admin user";
  if (/\/(account|attributes|account_attributes)\b/.test(p)) return "this endpoint needs an admin user";
  if (/\/(help_center|community)\//.test(p)) return "Help Center / Community needs Guide in the plan and a user who can see it";
  return "the endpoint needs an admin role or a higher Zendesk plan";
}

/** The default rule chain for a connection. */
export function zendeskErrorRules(config: ErrorRulesConfig): ErrorRule[] {
  const method = config.credentials.credentials;
  const refreshable = method === "oauth2_refresh";
  const host = hostOf(config);

  const invalidToken: ErrorRule = (response) => {
    if (response.status !== 401 || !response.text.includes("invalid_token")) return undefined;
    if (refreshable) return { action: "refresh_auth", reason: "Zendesk answered invalid_token: the access token expired or was revoked" };
    return fail(unauthorizedMessage(config));
  };

  const unauthorized: ErrorRule = (response) => (response.status === 401 ? fail(unauthorizedMessage(config)) : undefined);

  const noAccess: ErrorRule = (response) => {
    if (response.status !== 403 || !response.text.includes("You do not have access")) return undefined;
    const path = requestPath(response);
    return {
      action: "skip",
      scope: "stream",
      message: `Zendesk denied access to ${path} (${response.status}): likely cause: ${likelyMissingAccess(path)}. Skipping this stream; the sync continues.`,
    };
  };

  const unknownSubdomain: ErrorRule = (response) => {
    if (response.status !== 404 || !response.text.includes("No help desk at")) return undefined;
    return fail(
      `There is no Zendesk account at ${host}: check config.subdomain ("${config.subdomain}")${config.base_url ? " and config.base_url" : ""}.`,
    );
  };

  const forbiddenOrMissing: ErrorRule = (response) => {
    if (response.status !== 403 && response.status !== 404) return undefined;
    const path = requestPath(response);
    const scope = /missing the following required scopes?:\s*([\w:, ]+)/i.exec(response.text)?.[1]?.trim();
    const detail = scope ? ` (the OAuth token lacks the scope: ${scope})` : "";
    return fail(
      `Zendesk answered ${response.status} ${response.status === 403 ? "Forbidden" : "Not Found"} for ${path}${detail}: check permissions or disable the stream.`,
    );
  };

  return [invalidToken, unauthorized, noAccess, unknownSubdomain, forbiddenOrMissing];
}

function hostOf(config: ErrorRulesConfig): string {
  try {
    return new URL(zendeskBaseUrl(config)).host;
  } catch {
    return `${config.subdomain}.zendesk.com`;
  }
}
