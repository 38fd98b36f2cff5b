import type { z } from "zod";

/**
 * A fast, allocation-free "does this value fit?" test compiled from a zod schema, for the schema
 * drift check that runs on every record. zod's own parse builds a copy of each record (and a result
 * object per field), which made it one of the largest costs of a sync; almost every record fits,
 * so a plain predicate answers for them and zod runs only when the predicate says no (to name the
 * fields that drifted).
 *
 * Only the constructs the stream schemas use are compiled: loose or stripping objects, strings and
 * booleans without checks, numbers (finite; `.int()` = safe integer), arrays without checks,
 * optional, nullable, unknown/any and unions. Anything else (refinements, string formats, strict
 * objects, pipes, lazy schemas, ...) makes `compileFit` return undefined, and every record goes to
 * zod. The predicate is never more lenient than zod: if it says a value fits, zod accepts it.
 */
export type Fit = (value: unknown) => boolean;

type Def = {
  type: string;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function compileFit(schema: z.ZodType): Fit | undefined {
  try {
    return compile(schema);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Unsupported extends Error {}

function compile(schema: z.ZodType): Fit {
  const def = (schema as unknown as { _zod?: { def?: Def } })._zod?.def;
  if (!def) throw new Unsupported();
  const checks = def.checks ?? [];
  switch (def.type) {
    case "unknown":
    case "any":
      return () => true;
    case "string":
      if (checks.length > 0) throw new Unsupported();
      return (v) => typeof v === "string";
    case "boolean":
      if (checks.length > 0) throw new Unsupported();
      return (v) => typeof v === "boolean";
    case "number": {
      if (checks.length === 0) return (v) => typeof v === "number" && Number.isFinite(v);
      const formats = checks.map((c) => (c._zod.def.check === "number_format" ? c._zod.def.format : undefined));
      if (formats.every((f) => f === "safeint")) return (v) => Number.isSafeInteger(v);
      throw new Unsupported();
    }
    case "optional": {
      const inner = compile(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case "nullable": {
      const inner = compile(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case "array": {
      if (checks.length > 0) throw new Unsupported();
      const item = compile(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
    }
    case "union": {
      const options = def.options!.map(compile);
      return (v) => {
        for (const option of options) if (option(v)) return true;
        return false;
      };
    }
    case "object":
      return compileObject(def);
    default:
      throw new Unsupported();
  }
}

function compileObject(def: Def): Fit {
  if ((def.checks ?? []).length > 0) throw new Unsupported();
  // No catchall strips unknown keys, an unknown/any catchall keeps them: neither rejects a record.
  if (def.catchall !== undefined) {
    const type = (def.catchall as unknown as { _zod: { def: Def } })._zod.def.type;
    if (type !== "unknown" && type !== "any") throw new Unsupported();
  }
  const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
    if (key === "__proto__") throw new Unsupported();
    const optional = (field as unknown as { _zod: { optin?: string } })._zod.optin === "optional";
    return { key, optional, fits: compile(field) };
  });
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const field of fields) {
      if (field.key in v) {
        if (!field.fits(v[field.key])) return false;
      } else if (!field.optional) {
        return false;
      }
    }
    return true;
  };
}
