/**
 * From a stream's JSON schema to table columns, and from a record to a row.
 *
 * Types: integer → BIGINT, number → DOUBLE, boolean → BOOLEAN, string with format date-time →
 * TIMESTAMPTZ, other strings → VARCHAR, objects, arrays and anything else (no type, several types)
 * → JSON. `null` alternatives are ignored (every column is nullable).
 *
 * A value that does not fit its column (a string in a BIGINT column, a malformed date-time) and a
 * field the schema does not know go to the row's `_calabi_extra` JSON object under their field
 * name: nothing is dropped.
 */
export type ColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "TIMESTAMPTZ" | "VARCHAR" | "JSON";

export interface Column {
  name: string;
  type: ColumnType;
}

/** Added to every table: when the record was written, and the fields that have no column. */
export const EXTRACTED_AT = "_calabi_extracted_at";
export const EXTRA = "_calabi_extra";
export const META_COLUMNS: Column[] = [
  { name: EXTRACTED_AT, type: "TIMESTAMPTZ" },
  { name: EXTRA, type: "JSON" },
];

type Schema = Record<string, unknown>;

/** The non-null JSON types a schema allows ("integer", "string:date-time", ...), or "any". */
function kinds(schema: unknown, out: Set<string>): void {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    out.add("any");
    return;
  }
  const s = schema as Schema;
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    for (const alternative of alternatives) kinds(alternative, out);
    return;
  }
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? ["any"] : [s.type];
  for (const type of types) {
    if (type === "null") continue;
    out.add(type === "string" && s.format === "date-time" ? "string:date-time" : String(type));
  }
}

export function columnTypeOf(schema: unknown): ColumnType {
  const found = new Set<string>();
  kinds(schema, found);
  if (found.size === 2 && found.has("integer") && found.has("number")) return "DOUBLE";
  if (found.size !== 1) return found.size === 0 ? "VARCHAR" : "JSON";
  switch ([...found][0]) {
    case "integer":
      return "BIGINT";
    case "number":
      return "DOUBLE";
    case "boolean":
      return "BOOLEAN";
    case "string:date-time":
      return "TIMESTAMPTZ";
    case "string":
      return "VARCHAR";
    default:
      return "JSON";
  }
}

/**
 * The columns of a stream's table: one per schema property, in schema order, then the meta
 * columns. Names are compared case-insensitively (as DuckDB does); a property whose name clashes
 * with an earlier one, or with a meta column, gets no column (its values go to `_calabi_extra`).
 */
export function columnsOf(jsonSchema: unknown): { columns: Column[]; skipped: string[] } {
  const properties = ((jsonSchema as Schema | undefined)?.properties ?? {}) as Record<string, unknown>;
  const taken = new Set(META_COLUMNS.map((c) => c.name.toLowerCase()));
  const columns: Column[] = [];
  const skipped: string[] = [];
  for (const [name, schema] of Object.entries(properties)) {
    if (taken.has(name.toLowerCase())) {
      skipped.push(name);
      continue;
    }
    taken.add(name.toLowerCase());
    columns.push({ name, type: columnTypeOf(schema) });
  }
  return { columns: [...columns, ...META_COLUMNS], skipped };
}

/**
 * Whether a column of type `from` can hold every value of type `to` after an ALTER (so the
 * schema's new type replaces the old one without losing data): integers widen to DOUBLE, and
 * anything widens to VARCHAR (its text) or JSON.
 */
export function canWiden(from: ColumnType, to: ColumnType): boolean {
  if (from === to) return false;
  if (to === "JSON") return true;
  if (to === "VARCHAR") return from !== "JSON";
  return from === "BIGINT" && to === "DOUBLE";
}

/** The SQL expression that converts column `quoted` to `to` in ALTER ... USING. */
export function widenExpression(quoted: string, to: ColumnType): string {
  return to === "JSON" ? `to_json(${quoted})` : `CAST(${quoted} AS ${to})`;
}

/** A column type as DuckDB reports it (information_schema / DESCRIBE), or undefined for others. */
export function columnTypeFromDuckdb(type: string): ColumnType | undefined {
  const t = type.toUpperCase();
  if (t === "TIMESTAMP WITH TIME ZONE") return "TIMESTAMPTZ";
  return (["BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMPTZ", "VARCHAR", "JSON"] as const).find((c) => c === t);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MIN_BIGINT = -(2n ** 63n);
const MAX_BIGINT = 2n ** 63n - 1n;

/** True when DuckDB's cast of the text to TIMESTAMPTZ cannot fail (a real calendar date and time). */
export function isDateTime(text: string): boolean {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A value ready for the appender, or `MISFIT` when it does not fit the column's type. */
export const MISFIT = Symbol("misfit");
export type Cell = null | bigint | number | boolean | string | typeof MISFIT;

export function cellFor(type: ColumnType, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "BIGINT": {
      if (typeof value !== "number" || !Number.isInteger(value)) return MISFIT;
      const big = BigInt(value);
      return big < MIN_BIGINT || big > MAX_BIGINT ? MISFIT : big;
    }
    case "DOUBLE":
      return typeof value === "number" && Number.isFinite(value) ? value : MISFIT;
    case "BOOLEAN":
      return typeof value === "boolean" ? value : MISFIT;
    case "TIMESTAMPTZ":
      return typeof value === "string" && isDateTime(value) ? value : MISFIT;
    case "VARCHAR":
      return typeof value === "string" ? value : MISFIT;
    case "JSON":
      return JSON.stringify(value);
  }
}
