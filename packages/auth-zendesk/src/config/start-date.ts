/** Default start dates when `config.start_date` is absent (Airbyte's rule). */

const DAY_MS = 86_400_000;

/** Streams whose default window is longer than the usual 730 days. */
const LONG_HISTORY_STREAMS: Record<string, number> = { audit_logs: 3650 };

export const DEFAULT_START_DAYS = 730;

/** Formats an instant the way `start_date` is written: `YYYY-MM-DDTHH:mm:ssZ` (no milliseconds). */
export function formatStartDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * `now` − 730 days (− 3650 days for `audit_logs`), as a `YYYY-MM-DDTHH:mm:ssZ` string.
 * `now` is epoch milliseconds (a Clock's `now()`) or a Date.
 */
export function defaultStartDate(now: number | Date, stream?: string): string {
  const nowMs = typeof now === "number" ? now : now.getTime();
  const days = (stream !== undefined ? LONG_HISTORY_STREAMS[stream] : undefined) ?? DEFAULT_START_DAYS;
  return formatStartDate(nowMs - days * DAY_MS);
}

/** The configured start date, or the stream's default. */
export function startDateFor(config: { start_date?: string | undefined }, now: number | Date, stream?: string): string {
  return config.start_date ?? defaultStartDate(now, stream);
}
