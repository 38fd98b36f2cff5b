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

export function compileFit(schema: z.ZodType): Fit | undefined {
  const functions: string[] = [];
  let root: string;
  try {
    root = expression(schema, "value", functions);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  // Generated code with the field names as constants is several times faster than closures that
  // look fields up by a variable key. Where code generation is disallowed, zod checks every record.
  try {
    return new Function(`"use strict";\n${functions.join("\n")}\nreturn (value) => ${root};`)() as Fit;
  } catch {
    return undefined;
  }
}

class Unsupported extends Error {}

/** A boolean JS expression that is true when the value of `x` (a local variable) fits `schema`. */
function expression(schema: z.ZodType, x: string, functions: string[]): string {
  const def = (schema as unknown as { _zod?: { def?: Def } })._zod?.def;
  if (!def) throw new Unsupported();
  const checks = def.checks ?? [];
  switch (def.type) {
    case "unknown":
    case "any":
      return "true";
    case "string":
      if (checks.length > 0) throw new Unsupported();
      return `typeof ${x} === "string"`;
    case "boolean":
      if (checks.length > 0) throw new Unsupported();
      return `typeof ${x} === "boolean"`;
    case "number": {
      if (checks.length === 0) return `(typeof ${x} === "number" && Number.isFinite(${x}))`;
      const formats = checks.map((c) => (c._zod.def.check === "number_format" ? c._zod.def.format : undefined));
      if (formats.every((f) => f === "safeint")) return `Number.isSafeInteger(${x})`;
      throw new Unsupported();
    }
    case "optional":
      return `(${x} === undefined || ${expression(def.innerType!, x, functions)})`;
    case "nullable":
      return `(${x} === null || ${expression(def.innerType!, x, functions)})`;
    case "union":
      return `(${def.options!.map((option) => expression(option, x, functions)).join(" || ")})`;
    case "array": {
      if (checks.length > 0) throw new Unsupported();
      const item = expression(def.element!, "e", functions);
      const name = `f${functions.length}`;
      functions.push(`function ${name}(a) {
  if (!Array.isArray(a)) return false;
  for (let i = 0; i < a.length; i++) { const e = a[i]; if (!(${item})) return false; }
  return true;
}`);
      return `${name}(${x})`;
    }
    case "object":
      return objectExpression(def, x, functions);
    default:
      throw new Unsupported();
  }
}

function objectExpression(def: Def, x: string, functions: string[]): string {
  if ((def.checks ?? []).length > 0) throw new Unsupported();
  // No catchall strips unknown keys, an unknown/any catchall keeps them: neither rejects a record.
  if (def.catchall !== undefined) {
    const type = (def.catchall as unknown as { _zod: { def: Def } })._zod.def.type;
    if (type !== "unknown" && type !== "any") throw new Unsupported();
  }
  const name = `f${functions.length}`;
  functions.push(""); // reserve the name before nested objects take theirs
  const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
    if (key === "__proto__") throw new Unsupported();
    const optional = (field as unknown as { _zod: { optin?: string } })._zod.optin === "optional";
    const k = JSON.stringify(key);
    // Absent: fine only for an optional field. Present (even as undefined): must fit.
    return `  v = o[${k}];
  if (v === undefined && !(${k} in o)) { ${optional ? "" : "return false;"} } else if (!(${expression(field, "v", functions)})) return false;`;
  });
  functions[Number(name.slice(1))] = `function ${name}(o) {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return false;
  let v;
${fields.join("\n")}
  return true;
}`;
  return `${name}(${x})`;
}
