/** The account's base URL: `https://{subdomain}.zendesk.com`, or `config.base_url` when set. */

export interface BaseUrlConfig {
  subdomain: string;
  base_url?: string | undefined;
}

export function zendeskBaseUrl(config: BaseUrlConfig): string {
  return config.base_url ?? `https://${config.subdomain}.zendesk.com`;
}

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1") return true;
  const octets = host.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/** Explains what is wrong with `config.base_url`, or returns undefined when it is usable. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL such as https://acme.zendesk.com";
  }
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      return "must use https (plain http is allowed only for loopback hosts: 127.0.0.0/8, ::1, localhost)";
    }
  } else if (url.protocol !== "https:") {
    return "must start with https:// (or http:// for a loopback host)";
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#")) {
    return "must not contain a query string or fragment";
  }
  if (value.endsWith("/")) return "must not end with a slash, e.g. https://acme.zendesk.com";
  return undefined;
}
