/**
 * Generic list endpoint: cursor pagination when `page[size]`/`page[after]`/
 * `page[before]` is sent, offset pagination otherwise.
 */
import { entriesSource, offsetStart, PLACEHOLDER } from "../pagination/entries-source.js";
import { type SortedEntries } from "../store/sorted-entries.js";
import type { JsonObject } from "../core/types.js";
import { jsonPage } from "../core/http.js";
import { cursorPage, sortForCursor, wantsCursor, type CursorOrder } from "../pagination/cursor.js";
import { offsetPage } from "../pagination/offset.js";
import type { OrderedSource } from "../pagination/source.js";
import type { RouteContext } from "../core/route.js";
import type { Sideloaded } from "./sideloads.js";

export interface ListSpec {
  key: string;
  /** endpoint name used in error messages, e.g. "groups" */
  endpoint: string;
  /** order of offset pages */
  offsetOrder?: (a: JsonObject, b: JsonObject) => number;
  cursorOrder: CursorOrder<JsonObject>;
  /** "both" (default), "cursor" only, or "offset" only */
  modes?: "both" | "cursor" | "offset";
  /** The sideloads of a page (`include`), added next to the records. */
  sideload?: (records: JsonObject[]) => Sideloaded;
}

/** The page body: records (with their per-record sideloads), sideloaded arrays, then the envelope. */
function respond(spec: ListSpec, records: JsonObject[], extra: Record<string, unknown>, envelope: Record<string, unknown>): Response {
  const side = spec.sideload?.(records);
  const items = side?.decorate ? records.map(side.decorate) : records;
  return jsonPage(200, spec.key, items, { ...side?.arrays, ...extra, ...envelope });
}

/**
 * `items`: every record of the list (sorted here), or, for large collections, `OrderedSource`s
 * that seek in an index: `{ cursor, offset }` in the cursor and offset orders.
 */
export function listResponse(ctx: RouteContext, items: JsonObject[] | ListSources, spec: ListSpec, extra: Record<string, unknown> = {}): Response {
  const modes = spec.modes ?? "both";
  const useCursor = modes === "cursor" || (modes === "both" && wantsCursor(ctx.query));
  if (!Array.isArray(items)) {
    const page = useCursor
      ? cursorPage(items.cursor, spec.cursorOrder, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint, { oversize: ctx.sim.options.cbpOversize })
      : offsetPage(items.offset ?? items.cursor, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint);
    return respond(spec, page.items, extra, page.envelope);
  }
  if (useCursor) {
    const sorted = sortForCursor(items, spec.cursorOrder);
    const page = cursorPage(sorted, spec.cursorOrder, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint, { oversize: ctx.sim.options.cbpOversize });
    return respond(spec, page.items, extra, page.envelope);
  }
  const sorted = spec.offsetOrder ? items.slice().sort(spec.offsetOrder) : items;
  const page = offsetPage(sorted, ctx.query, ctx.origin, ctx.rawPath, spec.endpoint);
  return respond(spec, page.items, extra, page.envelope);
}

/** cursor sort values [id] as an entry position (lists by id have key = id) */
const idPosition = (v: (number | string)[]): [number, number] => [Number(v[0]), Number(v[0])];

/**
 * A list by id over sorted entries: the cursor source, and the offset source that counts the
 * records before the page instead of generating them (`include` must be exact). `descending`:
 * newest (highest) id first.
 */
export function byIdSources(
  ctx: RouteContext,
  entries: SortedEntries,
  include: (p: number) => boolean,
  build: (p: number) => JsonObject,
  count: () => number,
  descending = false,
): ListSources {
  const o = { include, build, count, descending, position: idPosition };
  return {
    cursor: entriesSource(entries, o),
    offset: entriesSource(entries, { ...o, skipBuild: { n: offsetStart(ctx.query), placeholder: PLACEHOLDER } }),
  };
}

/** Seekable sources of a large list: in the cursor order, and in the offset order when that differs. */
export interface ListSources {
  cursor: OrderedSource<JsonObject>;
  offset?: OrderedSource<JsonObject>;
}

export const byId = (a: JsonObject, b: JsonObject): number => (a.id as number) - (b.id as number);
