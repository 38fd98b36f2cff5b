/** Cursor values come as unix seconds (number or numeric string) or ISO-8601 strings; compare them as seconds. */
export function toUnixSeconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return Math.floor(value);
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return Math.floor(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** `YYYY-MM-DDTHH:mm:ssZ`, the format Airbyte stores client-side cursors in. */
export function toIsoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type CursorFormat = "unix" | "iso";

export function formatCursor(unixSeconds: number, format: CursorFormat): string {
  return format === "unix" ? String(unixSeconds) : toIsoSeconds(unixSeconds);
}

/**
 * A saved or record cursor as unix seconds, strictly: unix seconds as a non-negative number or digit
 * string (milliseconds when it has 13+ digits), or an ISO-8601 date-time. Anything else (null, an
 * array, "-5", "yesterday") is not a cursor.
 */
export function parseCursorSeconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.floor(value >= 1e11 ? value / 1000 : value) : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseCursorSeconds(Number(text));
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Every value a stream state holds under `key`: the top level and per-partition entries (`states`,
 * `state`), but not `parent_state`, which holds the parents' own cursors.
 */
export function stateCursorValues(state: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== "object") return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "parent_state") continue;
      if (k === key && (v === null || typeof v !== "object" || Array.isArray(v))) out.push(v);
      else walk(v);
    }
  };
  walk(state);
  return out;
}
