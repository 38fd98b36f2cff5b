import { z } from "zod";
import { describe, expect, it } from "vitest";
import { arr, bool, dateTime, int, obj, record, str } from "./schema.js";

describe("schema vocabulary", () => {
  // The same record built from the shared leaf types and from fresh instances of each.
  const sharedRecord = record({ a: str(), b: str(), n: int(), at: dateTime(), nested: obj({ at: dateTime(), ok: bool(), tags: arr(str()) }) });
  const fresh = {
    str: () => z.string().nullish(),
    int: () => z.number().int().nullish(),
    dateTime: () => z.string().meta({ format: "date-time" }).nullish(),
    bool: () => z.boolean().nullish(),
  };
  const freshRecord = z.looseObject({
    a: fresh.str(),
    b: fresh.str(),
    n: fresh.int(),
    at: fresh.dateTime(),
    nested: z.looseObject({ at: fresh.dateTime(), ok: fresh.bool(), tags: z.array(fresh.str()).nullish() }).nullish(),
  });

  it("shares one instance per leaf type", () => {
    expect(str()).toBe(str());
    expect(dateTime()).toBe(dateTime());
  });

  it("gives the JSON Schema and the validation of fresh instances", () => {
    const options = { target: "draft-7", io: "input", unrepresentable: "any" } as const;
    expect(z.toJSONSchema(sharedRecord, options)).toEqual(z.toJSONSchema(freshRecord, options));
    for (const value of [{ a: "x", b: null, n: 1, at: "2026-01-01T00:00:00Z", nested: { at: null, ok: true, tags: ["t"] }, extra: 1 }, { a: 1 }, { n: 1.5 }, { nested: { tags: [1] } }, {}]) {
      expect(sharedRecord.safeParse(value).success, JSON.stringify(value)).toBe(freshRecord.safeParse(value).success);
    }
  });
});
