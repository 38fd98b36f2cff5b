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
 * When several headers report a remaining count, the smallest wins. A plain reset header is seconds
 * from now unless `reset.format` is `"epoch-seconds"` (a unix time, read against `reset.nowMs`).
 */
export function readLimitHeaders(
  headers: Record<string, string>,
  names: readonly string[],
  reset: { format?: "delta-seconds" | "epoch-seconds"; nowMs?: number } = {},
): ObservedLimit | undefined {
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
    else if (lower.endsWith("reset") || lower.endsWith("resets")) take("resetSeconds", reset.format === "epoch-seconds" ? fromEpoch(value, reset.nowMs ?? Date.now()) : value);
    else take("limit", value);
  }
  return seen ? out : undefined;
}

/** A unix-time reset as seconds from now (never negative: a reset in the past has happened). */
function fromEpoch(value: string, nowMs: number): string | undefined {
  const epoch = Number(value.trim());
  if (value.trim() === "" || !Number.isFinite(epoch)) return undefined;
  return String(Math.max(0, epoch - nowMs / 1000));
}

function parseStructured(value: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of value.split(/[;,]/)) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return fields;
}
