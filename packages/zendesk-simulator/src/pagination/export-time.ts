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
import type { Collection } from "../store/collection.js";
import type { JsonObject } from "../core/types.js";

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

/** A page as record ids, for callers that write the records themselves (the export handlers). */
export interface TimeExportIds {
  ids: number[];
  endTime: number;
  endOfStream: boolean;
}

export function timeExportPage(col: Collection, req: TimeExportRequest): TimeExportPage {
  const filter = req.filter;
  const page = timeExportIds(col, { ...req, filter: filter && ((id) => filter(col.byId.get(id)!)) });
  return { records: page.ids.map((id) => col.byId.get(id)!), endTime: page.endTime, endOfStream: page.endOfStream };
}

/** `timeExportPage` by id: the same page, with a filter on ids (no record is looked up here). */
export function timeExportIds(col: Collection, req: Omit<TimeExportRequest, "filter"> & { filter?: (id: number) => boolean }): TimeExportIds {
  const index = col.index;
  const ids: number[] = [];
  const keys: number[] = [];
  let i = index.lowerBound(req.startTime, -Infinity);
  let more = false;
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key >= req.horizon) break;
    if (req.filter && !req.filter(e.id)) continue;
    if (ids.length === req.perPage) {
      more = true;
      break;
    }
    ids.push(e.id);
    keys.push(e.key);
  }
  if (!more) {
    // short page: caught up to the horizon (now minus the freshness floor)
    return { ids, endTime: Math.max(req.startTime, req.horizon), endOfStream: true };
  }
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (first !== last) return { ids, endTime: last, endOfStream: false };
  // every record shares one second: try to extend with the rest of that second
  const extra: number[] = [];
  for (; i < index.size; i++) {
    const e = index.at(i);
    if (e.key !== last || e.key >= req.horizon) break;
    if (req.filter && !req.filter(e.id)) continue;
    extra.push(e.id);
  }
  if (ids.length + extra.length <= req.maxPage) {
    ids.push(...extra);
    return { ids, endTime: last + 1, endOfStream: false };
  }
  return { ids, endTime: last, endOfStream: false };
}
