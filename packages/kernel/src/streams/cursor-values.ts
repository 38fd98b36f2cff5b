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
