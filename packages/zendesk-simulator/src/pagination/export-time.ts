/**
 * Time-based incremental exports (`/incremental/organizations`, and the
 * time-based tickets/users variants). Rule, from ZENDESK-API.md §4.2:
 * take `per_page` records ordered by (ts, id) from `start_time`. If they all
 * share one timestamp, append every remaining record with that timestamp and
 * set `end_time = ts + 1` (no duplicates); otherwise `end_time = last ts`
 * (the records at that second are served again on the next page: boundary
 * duplicates). When a same-second cluster is larger than `maxPage`, it cannot
 * be extended: `end_time = ts = start_time` and a naive client loops forever
 * (the real "≥1000 records in one second" trap).
 */
import type { Collection } from "../data/collection.js";
import type { JsonObject } from "../data/users.js";

export interface TimeExportRequest {
  startTime: number;
  perPage: number;
  horizon: number;
  /** Largest page the same-second extension may produce (default 1000). */
  maxPage: number;
  filter?: (r: JsonObject) => boolean;
}

export interface TimeExportPage {
  records: JsonObject[];
  endTime: number;
  endOfStream: boolean;
}

export function timeExportPage(col: Collection, req: TimeExportRequest): TimeExportPage {
  const index = col.index;
  const records: JsonObject[] = [];
  const keys: number[] = [];
  let i = index.lowerBound(req.startTime, -Infinity);
  let more = false;
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key >= req.horizon) break;
    const r = col.byId.get(e.id)!;
    if (req.filter && !req.filter(r)) continue;
    if (records.length === req.perPage) {
      more = true;
      break;
    }
    records.push(r);
    keys.push(e.key);
  }
  if (!more) {
    // short page: caught up to the horizon (now minus the freshness floor)
    return { records, endTime: Math.max(req.startTime, req.horizon), endOfStream: true };
  }
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (first !== last) return { records, endTime: last, endOfStream: false };
  // every record shares one second: try to extend with the rest of that second
  const extra: JsonObject[] = [];
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key !== last || e.key >= req.horizon) break;
    const r = col.byId.get(e.id)!;
    if (req.filter && !req.filter(r)) continue;
    extra.push(r);
  }
  if (records.length + extra.length <= req.maxPage) {
    records.push(...extra);
    return { records, endTime: last + 1, endOfStream: false };
  }
  return { records, endTime: last, endOfStream: false };
}
