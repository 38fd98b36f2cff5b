/**
 * Structural comparison of a reference response body with the simulator's:
 * same envelope keys, same JSON types for envelope values (null matches
 * anything: a last page has next_page null where a fuller account has a URL),
 * same record field names with the same JSON types.
 */
export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

export function typeOf(v: unknown): JsonType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as JsonType;
}

export interface CompareOptions {
  /** Compare top-level envelope keys (false for fixtures whose envelope is a test convenience). */
  envelope: boolean;
  /** Record array key, when the body is a list. */
  recordsKey?: string;
  /** Single-record key (`user`, `ticket_metric`). */
  recordKey?: string;
  /** Nested object fields whose keys are free-form (custom field maps, via.source.from/to). */
  freeForm?: string[];
  /** Fail on fields the simulator has and the reference lacks (true for real, untrimmed responses). */
  strictExtra?: boolean;
}

const DEFAULT_FREE_FORM = ["user_fields", "organization_fields", "from", "to", "source", "metadata", "custom", "system", "details", "value", "previous_value", "actions", "conditions", "restriction", "execution", "definitions", "filter", "satisfaction_rating"];

function compareValue(path: string, ref: unknown, sim: unknown, diffs: string[], freeForm: string[], depth: number): void {
  const a = typeOf(ref);
  const b = typeOf(sim);
  if (a === "null" || b === "null") return;
  if (a !== b) {
    diffs.push(`${path}: type ${a} in reference, ${b} in simulator`);
    return;
  }
  if (depth > 3) return;
  const name = path.split(".").pop()!.replace(/\[\]$/, "");
  if (a === "object" && !freeForm.includes(name)) compareObject(path, ref as Record<string, unknown>, sim as Record<string, unknown>, diffs, freeForm, depth + 1);
  if (a === "array") {
    const ra = ref as unknown[];
    const sa = sim as unknown[];
    if (ra.length && sa.length && typeOf(ra[0]) === "object" && typeOf(sa[0]) === "object" && !freeForm.includes(name)) {
      for (const [r, s] of pairByKind(ra as Record<string, unknown>[], sa as Record<string, unknown>[])) compareObject(`${path}[]`, r, s, diffs, freeForm, depth + 1);
    } else if (ra.length && sa.length) compareValue(`${path}[]`, ra[0], sa[0], diffs, freeForm, depth + 1);
  }
}

let strictExtra = true;

/** Field that tells apart the kinds of objects mixed in one array (audit events, metric events). */
const DISCRIMINATORS = ["event_type", "type"];

/**
 * Pairs of (reference, simulator) elements of the same kind: heterogeneous
 * arrays (events of an audit, metric events) are compared kind by kind; kinds
 * the simulator page does not contain are not compared.
 */
export function pairByKind<T extends Record<string, unknown>>(ref: T[], sim: T[]): [T, T][] {
  const disc = DISCRIMINATORS.find((d) => ref.every((r) => typeof r[d] === "string") && sim.every((s) => typeof s[d] === "string"));
  if (!disc) return [[ref[0], sim[0]]];
  const out: [T, T][] = [];
  const seen = new Set<string>();
  for (const r of ref) {
    const kind = r[disc] as string;
    if (seen.has(kind)) continue;
    seen.add(kind);
    const s = sim.find((x) => x[disc] === kind);
    if (s) out.push([r, s]);
  }
  return out;
}
/** Fields real responses carry only on some records (deleted users), checked by their own tests. */
const CONDITIONAL = new Set(["permanently_deleted"]);

function compareObject(path: string, ref: Record<string, unknown>, sim: Record<string, unknown>, diffs: string[], freeForm: string[], depth: number): void {
  const rk = Object.keys(ref);
  const sk = new Set(Object.keys(sim));
  const missing = rk.filter((k) => !sk.has(k));
  const extra = [...sk].filter((k) => !(k in ref));
  if (missing.length) diffs.push(`${path || "(body)"}: missing ${missing.join(", ")}`);
  if (extra.length && strictExtra) diffs.push(`${path || "(body)"}: extra ${extra.join(", ")}`);
  for (const k of rk) if (sk.has(k)) compareValue(path ? `${path}.${k}` : k, ref[k], sim[k], diffs, freeForm, depth);
}

/** Returns a list of differences (empty = match). */
export function compareBodies(ref: unknown, sim: unknown, o: CompareOptions): string[] {
  const diffs: string[] = [];
  strictExtra = o.strictExtra ?? true;
  const freeForm = [...DEFAULT_FREE_FORM, ...(o.freeForm ?? [])];
  if (typeOf(ref) !== "object" || typeOf(sim) !== "object") {
    if (typeOf(ref) !== typeOf(sim)) diffs.push(`body: ${typeOf(ref)} vs ${typeOf(sim)}`);
    return diffs;
  }
  const r = ref as Record<string, unknown>;
  const s = sim as Record<string, unknown>;
  const recordKeys = new Set([o.recordsKey, o.recordKey].filter(Boolean) as string[]);
  if (o.envelope) {
    const rk = Object.keys(r).filter((k) => !k.startsWith("_"));
    const sk = Object.keys(s);
    const missing = rk.filter((k) => !(k in s));
    const extra = sk.filter((k) => !(k in r));
    if (missing.length) diffs.push(`envelope: missing ${missing.join(", ")}`);
    if (extra.length) diffs.push(`envelope: extra ${extra.join(", ")}`);
    for (const k of rk) if (k in s && !recordKeys.has(k)) compareValue(k, r[k], s[k], diffs, freeForm, 0);
  }
  // sideloaded arrays (identities, users, actors…) are compared like records
  for (const k of Object.keys(r)) {
    if (recordKeys.has(k) || !Array.isArray(r[k]) || !Array.isArray(s[k])) continue;
    const ra = r[k] as unknown[];
    const sa = s[k] as unknown[];
    if (ra.length && sa.length && typeOf(ra[0]) === "object") compareObject(`${k}[]`, ra[0] as Record<string, unknown>, sa[0] as Record<string, unknown>, diffs, freeForm, 1);
  }
  if (o.recordsKey) {
    const ra = r[o.recordsKey] as Record<string, unknown>[] | undefined;
    const sa = s[o.recordsKey] as Record<string, unknown>[] | undefined;
    if (!Array.isArray(sa)) diffs.push(`${o.recordsKey}: not an array in the simulator`);
    else if (Array.isArray(ra) && ra.length) {
      if (!sa.length) diffs.push(`${o.recordsKey}: simulator page is empty`);
      else if (pairByKind(ra, sa).length > 1 || DISCRIMINATORS.some((d) => ra.every((r) => typeof r[d] === "string"))) {
        // records of several kinds (metric events: measure/activate/apply_sla…): compare kind by kind
        for (const [r, s] of pairByKind(ra, sa)) compareObject(`${o.recordsKey}[]`, r, s, diffs, freeForm, 1);
      } else {
        // every reference record's keys must exist on some simulator record, with the same types
        const simKeys = new Set(sa.flatMap((x) => Object.keys(x)));
        const refKeys = new Set(ra.flatMap((x) => Object.keys(x)));
        const missing = [...refKeys].filter((k) => !simKeys.has(k) && !CONDITIONAL.has(k));
        const extra = [...simKeys].filter((k) => !refKeys.has(k) && !CONDITIONAL.has(k));
        if (missing.length) diffs.push(`${o.recordsKey}[]: missing ${missing.join(", ")}`);
        if (extra.length && strictExtra) diffs.push(`${o.recordsKey}[]: extra ${extra.join(", ")}`);
        for (const k of refKeys) {
          const rv = ra.find((x) => typeOf(x[k]) !== "null")?.[k];
          const sv = sa.find((x) => typeOf(x[k]) !== "null" && typeOf(x[k]) === typeOf(rv))?.[k] ?? sa.find((x) => typeOf(x[k]) !== "null")?.[k];
          compareValue(`${o.recordsKey}[].${k}`, rv ?? null, sv ?? null, diffs, freeForm, 1);
        }
      }
    }
  }
  if (o.recordKey && typeOf(r[o.recordKey]) === "object") {
    compareObject(o.recordKey, r[o.recordKey] as Record<string, unknown>, (s[o.recordKey] ?? {}) as Record<string, unknown>, diffs, freeForm, 1);
  }
  return diffs;
}

/** The key holding records: the first array-valued key of the body. */
export function guessRecordsKey(body: Record<string, unknown>): string | undefined {
  return Object.keys(body).find((k) => Array.isArray(body[k]));
}
