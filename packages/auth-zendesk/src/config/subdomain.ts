/** Validation of `config.subdomain`: one DNS label, the `acme` in https://acme.zendesk.com. */

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isValidSubdomain(value: string): boolean {
  return LABEL.test(value);
}

/**
 * Explains what is wrong with a subdomain, or returns undefined when it is fine. The message is a
 * predicate ("must …") so callers can prefix it with the field path.
 */
export function subdomainProblem(value: string): string | undefined {
  if (value.length === 0) return "must not be empty: give the account name, e.g. \"acme\" for https://acme.zendesk.com";
  if (isValidSubdomain(value)) return undefined;
  if (/[./:]/.test(value)) {
    const suggestion = guessSubdomain(value);
    const hint = suggestion ? `give only "${suggestion}"` : "give only the account name, e.g. \"acme\" for https://acme.zendesk.com";
    return `must be the account name only, not a URL or host name: ${hint} (use config.base_url to point at another host)`;
  }
  if (value.length > 63) return "must be at most 63 characters long";
  return "may contain only letters, digits and hyphens, and must not start or end with a hyphen";
}

/** `https://acme.zendesk.com/agent` → `acme`; undefined when no valid label can be recovered. */
function guessSubdomain(value: string): string | undefined {
  let host = value.trim();
  const scheme = host.indexOf("://");
  if (scheme >= 0) host = host.slice(scheme + 3);
  host = host.split(/[/?#]/, 1)[0] ?? "";
  if (host.includes("@")) return undefined; // userinfo: never echo it
  host = host.replace(/:\d+$/, "");
  const first = host.split(".")[0] ?? "";
  return isValidSubdomain(first) ? first.toLowerCase() : undefined;
}
