/**
 * Cursor-based incremental exports (`/incremental/tickets/cursor`,
 * `/incremental/users/cursor`). Exactly `per_page` records per page ordered by
 * (timestamp, id), no group extension, no duplicates; `after_cursor` is present
 * on the last page too. Cursor = base64("<ts>.0||<id>|"), the format seen in
 * real responses.
 */
import { base64 } from "../core/http.js";
import type { Collection } from "../store/collection.js";
import type { JsonObject } from "../core/types.js";

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

/** A page as record ids, for callers that write the records themselves (the export handlers). */
export interface CursorExportIds {
  ids: number[];
  position: ExportPosition;
  endOfStream: boolean;
}

export function cursorExportPage(col: Collection, req: CursorExportRequest): CursorExportPage {
  const filter = req.filter;
  const page = cursorExportIds(col, { ...req, filter: filter && ((id) => filter(col.byId.get(id)!)) });
  return { records: page.ids.map((id) => col.byId.get(id)!), position: page.position, endOfStream: page.endOfStream };
}

/** `cursorExportPage` by id: the same page, with a filter on ids (no record is looked up here). */
export function cursorExportIds(col: Collection, req: Omit<CursorExportRequest, "filter"> & { filter?: (id: number) => boolean }): CursorExportIds {
  const index = col.index;
  let i = req.after ? index.upperBound(req.after.ts, req.after.id) : index.lowerBound(req.startTime ?? 0, -Infinity);
  const ids: number[] = [];
  let position: ExportPosition = req.after ?? { ts: req.startTime ?? 0, id: 0 };
  let endOfStream = true;
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key >= req.horizon) break;
    if (req.filter && !req.filter(e.id)) continue;
    if (ids.length === req.perPage) {
      endOfStream = false;
      break;
    }
    ids.push(e.id);
    position = { ts: e.key, id: e.id };
  }
  return { ids, position, endOfStream };
}
