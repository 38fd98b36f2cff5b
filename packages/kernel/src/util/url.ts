export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/**
 * Sets query parameters on a URL, the way cursor-paginated APIs write them: keys and values are percent-encoded with
 * `encodeURIComponent` (so `page[size]` becomes `page%5Bsize%5D`), parameters already in the URL are
 * kept byte for byte, except those whose (decoded) key is being set, which are replaced.
 * `undefined` values are skipped, `null` removes the key; arrays repeat the key (`filter[created_at][]=a&…=b`).
 */
export function withQuery(url: string, params: Record<string, QueryValue>): string {
  const hashAt = url.indexOf("#");
  const hash = hashAt >= 0 ? url.slice(hashAt) : "";
  const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = withoutHash.indexOf("?");
  const base = queryAt >= 0 ? withoutHash.slice(0, queryAt) : withoutHash;
  const existing = queryAt >= 0 ? withoutHash.slice(queryAt + 1) : "";

  const added: string[] = [];
  const replaced = new Set<string>();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    replaced.add(key);
    if (value === null) continue;
    const values = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const v of values) added.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  const kept = existing
    .split("&")
    .filter((part) => part !== "" && !replaced.has(decodeKey(part)));
  const query = [...kept, ...added].join("&");
  return `${base}${query ? `?${query}` : ""}${hash}`;
}

/** The decoded value of the first occurrence of `key` in the URL's query, or undefined. */
export function queryParam(url: string, key: string): string | undefined {
  try {
    return new URL(url).searchParams.get(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The URL path without query or fragment: short for messages, and query values never leak. */
export function urlPath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url.split(/[?#]/)[0];
  }
}

function decodeKey(part: string): string {
  const eq = part.indexOf("=");
  const raw = eq >= 0 ? part.slice(0, eq) : part;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}
