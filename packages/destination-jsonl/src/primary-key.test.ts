import { describe, expect, it } from "vitest";
import { primaryKeyOf, resolvePrimaryKey } from "./primary-key.js";
import { configuredStream } from "./__tests__/helpers.js";

describe("resolvePrimaryKey", () => {
  it("prefers the configured primary_key", () => {
    const configured = configuredStream({ name: "s", mode: "append_dedup", primaryKey: [["key"]] });
    expect(resolvePrimaryKey(configured)).toEqual([["key"]]);
  });

  it("falls back to source_defined_primary_key, also when primary_key is empty", () => {
    expect(resolvePrimaryKey(configuredStream({ name: "s", mode: "append_dedup" }))).toEqual([["id"]]);
    expect(resolvePrimaryKey(configuredStream({ name: "s", mode: "append_dedup", primaryKey: [] }))).toEqual([["id"]]);
  });

  it("is empty when neither is set", () => {
    expect(resolvePrimaryKey(configuredStream({ name: "s", mode: "append", sourceKey: undefined }))).toEqual([]);
  });

  it("refuses malformed keys", () => {
    const configured = configuredStream({ name: "s", mode: "append_dedup", primaryKey: [[]] });
    expect(() => resolvePrimaryKey(configured)).toThrow(/malformed primary key/);
    const notPaths = configuredStream({ name: "s", mode: "append_dedup", primaryKey: ["id"] as never });
    expect(() => resolvePrimaryKey(notPaths)).toThrow(/malformed primary key/);
  });
});

describe("primaryKeyOf", () => {
  it("reads simple, composite and nested keys", () => {
    expect(primaryKeyOf({ id: 7 }, [["id"]])).toBe("[7]");
    expect(primaryKeyOf({ a: 1, b: "x" }, [["a"], ["b"]])).toBe('[1,"x"]');
    expect(primaryKeyOf({ meta: { id: 3 } }, [["meta", "id"]])).toBe("[3]");
  });

  it("tells numbers and strings apart", () => {
    expect(primaryKeyOf({ id: 1 }, [["id"]])).not.toBe(primaryKeyOf({ id: "1" }, [["id"]]));
  });

  it("is undefined when a key field is missing or null", () => {
    expect(primaryKeyOf({ other: 1 }, [["id"]])).toBeUndefined();
    expect(primaryKeyOf({ id: null }, [["id"]])).toBeUndefined();
    expect(primaryKeyOf({ a: 1 }, [["a"], ["b"]])).toBeUndefined();
    expect(primaryKeyOf({ meta: 5 }, [["meta", "id"]])).toBeUndefined();
    expect(primaryKeyOf({ id: 1 }, [])).toBeUndefined();
  });

  it("does not read inherited properties", () => {
    expect(primaryKeyOf({}, [["constructor"]])).toBeUndefined();
  });
});
