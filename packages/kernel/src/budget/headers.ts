/** What a response says about one rate class's live budget. */
export interface ObservedLimit {
  limit?: number;
  remaining?: number;
  /** Seconds until the budget resets (may be fractional). */
  resetSeconds?: number;
}

/**
 * Reads the headers a rate class names. Plain headers are told apart by suffix: `…-remaining`,
 * `…-reset`, anything else is the limit (`x-rate-limit`, `ratelimit-limit`, `rate-limit`). Structured
 * headers (`<vendor>-ratelimit-<name>: total=100; remaining=99; resets=41`) carry all three.
 * When several headers report a remaining count, the smallest wins.
 */
export function readLimitHeaders(headers: Record<string, string>, names: readonly string[]): ObservedLimit | undefined {
  const out: ObservedLimit = {};
  let seen = false;
  const take = (key: keyof ObservedLimit, raw: string | undefined) => {
    if (raw === undefined) return;
    const n = Number(raw.trim());
    if (!Number.isFinite(n) || n < 0 || raw.trim() === "") return;
    seen = true;
    out[key] = key === "remaining" && out.remaining !== undefined ? Math.min(out.remaining, n) : n;
  };
  for (const name of names) {
    const lower = name.toLowerCase();
    const value = headers[lower];
    if (value === undefined) continue;
    if (value.includes("=")) {
      const fields = parseStructured(value);
      take("limit", fields.total);
      take("remaining", fields.remaining);
      take("resetSeconds", fields.resets ?? fields.reset);
    } else if (lower.endsWith("remaining")) take("remaining", value);
    else if (lower.endsWith("reset") || lower.endsWith("resets")) take("resetSeconds", value);
    else take("limit", value);
  }
  return seen ? out : undefined;
}

function parseStructured(value: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of value.split(/[;,]/)) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return fields;
}
