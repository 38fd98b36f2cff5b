import { describe, expect, it } from "vitest";
import { toIso } from "./clock.js";
import { mulberry32 } from "./prng.js";

const viaDate = (s: number): string => `${new Date(s * 1000).toISOString().slice(0, 19)}Z`;

describe("toIso (arithmetic formatter)", () => {
  it("agrees with Date#toISOString on many seconds, leap years and century edges included", () => {
    const rand = mulberry32(42);
    const checks: number[] = [];
    // every day boundary (and its neighbours) from 1899 to 2101: leap days, 1900 (not leap), 2000 (leap), 2100 (not leap)
    for (let d = Math.floor(Date.UTC(1899, 0, 1) / 86400000); d <= Math.floor(Date.UTC(2101, 11, 31) / 86400000); d++) {
      checks.push(d * 86400 - 1, d * 86400, d * 86400 + 1, d * 86400 + 43199);
    }
    // random seconds over years 0000..9999, and fractional seconds
    for (let i = 0; i < 200_000; i++) checks.push(Math.floor(-62167219200 + rand() * (253402300800 + 62167219200)));
    for (let i = 0; i < 10_000; i++) checks.push(946684800 + rand() * 1e9);
    checks.push(0, -1, 951782400, 951868799, 1709164800, 4107542400, -62167219200, 253402300799);
    for (const s of checks) {
      if (toIso(s) !== viaDate(s)) expect(`${s}: ${toIso(s)}`).toBe(`${s}: ${viaDate(s)}`);
    }
  });

  it("specific leap-year dates", () => {
    expect(toIso(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000)).toBe("2024-02-29T23:59:59Z");
    expect(toIso(Date.UTC(2000, 1, 29, 12, 0, 0) / 1000)).toBe("2000-02-29T12:00:00Z");
    expect(toIso(Date.UTC(1900, 2, 1) / 1000)).toBe("1900-03-01T00:00:00Z");
    expect(toIso(Date.UTC(2100, 1, 28, 23, 59, 59) / 1000 + 1)).toBe("2100-03-01T00:00:00Z");
    expect(toIso(Date.UTC(2023, 11, 31, 23, 59, 59) / 1000)).toBe("2023-12-31T23:59:59Z");
  });

  it("falls back to Date outside years 0000..9999 and still throws on NaN", () => {
    expect(toIso(-62167219201)).toBe(viaDate(-62167219201));
    expect(toIso(253402300800)).toBe(viaDate(253402300800));
    expect(() => toIso(NaN)).toThrow(RangeError);
  });
});
