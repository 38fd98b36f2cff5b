import { describe, expect, it } from "vitest";
import { isRecordLine, parseRecordLine } from "./json-line.js";

describe("record lines", () => {
  it("accepts JSON objects only", () => {
    expect(parseRecordLine('{"id":1}')).toEqual({ id: 1 });
    for (const text of ["[1]", "1", '"s"', "null", '{"id":', ""]) expect(parseRecordLine(text)).toBeUndefined();
  });

  it("reads bytes, also from a view into a larger buffer", () => {
    const big = Buffer.from('xx{"é":1}yy');
    expect(isRecordLine(big.subarray(2, big.length - 2))).toBe(true);
    expect(isRecordLine(Buffer.from('{"id":1'))).toBe(false);
  });
});
