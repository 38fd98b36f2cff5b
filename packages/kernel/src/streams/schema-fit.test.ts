import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileFit } from "./schema-fit.js";
import { seededRandom } from "../testing/seeded-random.js";


const SCALARS: unknown[] = [null, undefined, 0, -0, 1, 1.5, -7, 2 ** 53, 2 ** 60, Infinity, NaN, "", "x", "2024-01-01T00:00:00Z", true, false];

/** Random JSON-ish values: scalars, arrays and objects over the field names the schema uses. */
function randomValue(next: () => number, keys: string[], depth = 0): unknown {
  const r = next();
  if (depth > 3 || r < 0.55) return SCALARS[Math.floor(next() * SCALARS.length)];
  if (r < 0.75) return Array.from({ length: Math.floor(next() * 3) }, () => randomValue(next, keys, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of keys) if (next() < 0.6) out[key] = randomValue(next, keys, depth + 1);
  if (next() < 0.3) out.extra = randomValue(next, keys, depth + 1);
  return out;
}

const KEYS = ["id", "name", "tags", "via", "n", "flag", "when", "any", "mixed"];
const leaf = z.looseObject({ id: z.number().int().nullish(), name: z.string().nullish() });
const supported = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  via: z.looseObject({ name: z.string().nullish(), via: leaf.nullish(), tags: z.array(leaf).nullish() }).nullish(),
  n: z.number().nullable(),
  flag: z.boolean().optional(),
  when: z.string().meta({ format: "date-time" }).nullish(),
  any: z.unknown().optional(),
  mixed: z.union([z.boolean(), z.string()]).nullish(),
});

describe("compileFit", () => {
  it("agrees with zod on random values for every construct it compiles", () => {
    const fits = compileFit(supported)!;
    expect(fits).toBeTypeOf("function");
    const next = seededRandom(42);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = next() < 0.5 ? { id: 1, n: null, ...(randomValue(next, KEYS) as object) } : randomValue(next, KEYS);
      const zod = supported.safeParse(value).success;
      // Never more lenient than zod (a drift must not go unreported); here also never stricter.
      expect(fits(value), JSON.stringify(value)).toBe(zod);
      if (zod) accepted++;
    }
    // The generator produces both outcomes often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(19_500);
  });

  it("accepts a typical record and rejects a drifted field at any depth", () => {
    const fits = compileFit(supported)!;
    const record = { id: 7, name: "a", tags: ["x"], via: { name: "web", via: { id: 1 }, tags: [{ id: 2, name: null }] }, n: 1.5, extra: { deep: 1 } };
    expect(fits(record)).toBe(true);
    expect(fits({ ...record, id: 7.5 })).toBe(false);
    expect(fits({ ...record, via: { tags: [{ id: "2" }] } })).toBe(false);
    expect(fits({ ...record, n: undefined })).toBe(false);
    expect(fits({ name: "no id", n: 1 })).toBe(false);
  });

  it("returns undefined for constructs it does not compile, so zod checks every record", () => {
    expect(compileFit(z.string().email())).toBeUndefined();
    expect(compileFit(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(compileFit(z.looseObject({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(compileFit(z.looseObject({ a: z.number().min(3) }))).toBeUndefined();
    expect(compileFit(z.looseObject({ a: z.array(z.string()).min(1) }))).toBeUndefined();
    expect(compileFit(z.looseObject({ a: z.string() }).refine(() => false))).toBeUndefined();
  });
});
