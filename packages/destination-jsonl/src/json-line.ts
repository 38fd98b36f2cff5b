/** What counts as a record line: one JSON object (not an array, not a scalar). */

export function parseRecordLine(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** True when the bytes are a complete record line (used to tell a finished write from a torn one). */
export function isRecordLine(bytes: Uint8Array): boolean {
  return parseRecordLine(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) !== undefined;
}

/** Airbyte's CDC marker: a record line with a non-null `_ab_cdc_deleted_at` is a deletion (tombstone). */
export const CDC_DELETED_AT = "_ab_cdc_deleted_at";

export function isTombstone(record: Record<string, unknown>): boolean {
  const value = record[CDC_DELETED_AT];
  return value !== undefined && value !== null;
}
