import type { ErrorRule, HttpResponse, Verdict } from "../contracts/http.js";
import type { Logger } from "../contracts/logger.js";
import { urlPath } from "../util/url.js";

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);
const BODY_SNIPPET = 300;

/** The rules that always apply last: 2xx succeed, 429 is rate limiting, the usual 5xx are transient. */
export const builtInRules: ErrorRule[] = [
  (r) => (r.status >= 200 && r.status < 300 ? { action: "success" } : undefined),
  (r) => (r.status === 429 ? { action: "rate_limited" } : undefined),
  (r) => (RETRYABLE_STATUS.has(r.status) ? { action: "retry", reason: "transient server error" } : undefined),
  (r) => ({ action: "fail", failureType: "system_error", message: unexpectedStatusMessage(r) }),
];

/**
 * A 2xx response is a success, whatever its body says: rules match on body text ("invalid_token",
 * "You do not have access"), and a ticket or article may well quote those words. Otherwise the first
 * defined verdict wins. A rule that throws (e.g. calls `json()` on an HTML body) does not match.
 */
export function classify(response: HttpResponse, ruleLists: (ErrorRule[] | undefined)[], logger?: Logger): Verdict {
  if (response.status >= 200 && response.status < 300) return { action: "success" };
  for (const rules of [...ruleLists, builtInRules]) {
    for (const rule of rules ?? []) {
      let verdict: Verdict | undefined;
      try {
        verdict = rule(response);
      } catch (err) {
        logger?.debug("an error rule threw; treating it as not matching", { error: String(err) });
        continue;
      }
      if (verdict) return verdict;
    }
  }
  throw new Error("unreachable: the built-in rules always decide");
}

export function unexpectedStatusMessage(r: HttpResponse): string {
  const what =
    r.status === 401
      ? "the credentials were rejected: check the email, API token or OAuth credentials"
      : r.status === 403
        ? "access denied: check the user's permissions or disable this stream"
        : r.status === 404
          ? "not found: check the subdomain or base_url, or disable this stream"
          : r.status >= 500
            ? "the server failed: try again later"
            : r.status >= 300 && r.status < 400
              ? `the server redirected the request to ${redirectTarget(r)}; API requests are not followed across redirects, so check the base URL (or a proxy that rewrites requests)`
              : "the request was refused";
  const snippet = r.text.trim().slice(0, BODY_SNIPPET);
  return `${r.request.method} ${urlPath(r.request.url)} returned HTTP ${r.status}: ${what}${snippet ? ` (response: ${snippet})` : ""}`;
}

/** Where a redirect points, without its query string (which may carry tokens). */
function redirectTarget(r: HttpResponse): string {
  const location = r.headers.location;
  if (!location) return "another address (no Location header)";
  try {
    const url = new URL(location, r.request.url);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "an address that is not a valid URL";
  }
}
