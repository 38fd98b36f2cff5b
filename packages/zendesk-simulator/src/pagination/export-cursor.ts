/**
 * Cursor-based incremental exports (`/incremental/tickets/cursor`,
 * `/incremental/users/cursor`). Exactly `per_page` records per page ordered by
 * (timestamp, id), no group extension, no duplicates; `after_cursor` is present
 * on the last page too. Cursor = base64("<ts>.0||<id>|"), the format seen in
 * real responses.
 */
import { base64 } from "../http-util.js";
import type { Collection } from "../data/collection.js";
import type { JsonObject } from "../data/users.js";

export interface ExportPosition {
  ts: number;
  id: number;
}

export function encodeExportCursor(p: ExportPosition): string {
  return base64.encode(`${p.ts}.0||${p.id}|`);
}

export function decodeExportCursor(cursor: string): ExportPosition | null {
  let s: string;
  try {
    s = base64.decode(cursor);
  } catch {
    return null;
  }
  const m = /^(\d+)(?:\.\d+)?\|\|(\d+)\|$/.exec(s);
  return m ? { ts: Number(m[1]), id: Number(m[2]) } : null;
}

export interface CursorExportRequest {
  /** Start at records with key >= startTime ... */
  startTime?: number;
  /** ... or strictly after this position. */
  after?: ExportPosition;
  perPage: number;
  /** Records with key >= horizon (the last minute) are not visible yet. */
  horizon: number;
  filter?: (r: JsonObject) => boolean;
}

export interface CursorExportPage {
  records: JsonObject[];
  /** Position to resume from (last record, or the request's own position when empty). */
  position: ExportPosition;
  endOfStream: boolean;
}

export function cursorExportPage(col: Collection, req: CursorExportRequest): CursorExportPage {
  const index = col.index;
  let i = req.after ? index.upperBound(req.after.ts, req.after.id) : index.lowerBound(req.startTime ?? 0, -Infinity);
  const records: JsonObject[] = [];
  let position: ExportPosition = req.after ?? { ts: req.startTime ?? 0, id: 0 };
  let endOfStream = true;
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key >= req.horizon) break;
    const r = col.byId.get(e.id)!;
    if (req.filter && !req.filter(r)) continue;
    if (records.length === req.perPage) {
      endOfStream = false;
      break;
    }
    records.push(r);
    position = { ts: e.key, id: e.id };
  }
  return { records, position, endOfStream };
}
