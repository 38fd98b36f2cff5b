import { describe, expect, it } from "vitest";
import { ByteWriter, writerOf } from "../util/json-text.js";

/** The record's JSON as its attached writer writes it (UTF-8 decoded), or undefined. */
function attachedJson(r: unknown): string | undefined {
  const write = writerOf(r);
  if (!write) return undefined;
  const w = new ByteWriter(16);
  write(w, r);
  return w.bytes().toString("utf8");
}
import { jsonPage, RAW_BODIES } from "../core/http.js";
import { buildShape } from "./shape.js";
import { generateTicket, type Person } from "./tickets.js";
import { generateUser, userCount, userPerson } from "./users.js";

const utf8 = (text: string): string => text;
const shape = buildShape({ seed: 3, tickets: 20_000, anchor: Math.floor(Date.parse("2026-11-01T00:00:00Z") / 1000), subdomain: "acme" });
const person = (i: number): Person | undefined => (i < userCount(shape) ? userPerson(shape, i) : undefined);

describe("ByteWriter", () => {
  it("writes what JSON.stringify writes, escapes, non-ASCII, surrogates and numbers included", () => {
    const values: unknown[] = [
      "", "plain", 'q"uote', "back\\slash", "\b\f\n\r\t\u0000\u001f\u007f", "Léa Müller Tomás", "\u2603 snow", "😀 pair", "\ud800 lone", "lone end \udc00", "\udbff\udfff",
      0, -0, 1, -1, 9, 10, 99, 100, 6100000014891, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 1e21, 12.34, -0.5, 1e-7, NaN, Infinity,
      true, false, null, [], {}, [1, "a", null, [2]], { a: 1, "1": 2, b: [true, { c: "d" }], u: undefined },
      [undefined, () => 1], { toJSON: () => "x" }, new Date(0),
    ];
    for (const v of values) {
      const w = new ByteWriter(1);
      w.json(v);
      expect(w.bytes().toString("utf8")).toBe(JSON.stringify(v));
    }
  });
});

describe("JSON attached to generated records", () => {
  it("tickets: the attached text is JSON.stringify(record) as UTF-8 bytes", () => {
    let attached = 0;
    for (let i = 0; i < 20_000; i++) {
      const { record } = generateTicket(shape, i, person);
      const text = attachedJson(record);
      if (text === undefined) continue;
      attached++;
      if (utf8(text) !== JSON.stringify(record)) expect(utf8(text)).toBe(JSON.stringify(record));
    }
    expect(attached).toBe(20_000);
  });

  it("users: the attached text is JSON.stringify(record) as UTF-8 bytes", () => {
    let attached = 0;
    for (let i = 0; i < userCount(shape); i++) {
      const record = generateUser(shape, i);
      const text = attachedJson(record);
      if (text === undefined) continue;
      attached++;
      if (utf8(text) !== JSON.stringify(record)) expect(utf8(text)).toBe(JSON.stringify(record));
    }
    expect(attached).toBeGreaterThan(userCount(shape) * 0.9);
  });

  it("is invisible to spreads, keys, structuredClone and deep equality", () => {
    const { record } = generateTicket(shape, 7, person);
    expect(attachedJson(record)).toBeDefined();
    expect(attachedJson({ ...record })).toBeUndefined();
    expect(attachedJson(structuredClone(record))).toBeUndefined();
    expect(Object.keys(record)).toEqual(Object.keys(JSON.parse(JSON.stringify(record))));
    expect(structuredClone(record)).toEqual(record);
    expect(record).toStrictEqual(JSON.parse(JSON.stringify(record)));
  });

  it("userPerson is generateUser's name and email", () => {
    for (let i = 0; i < userCount(shape); i++) {
      const u = generateUser(shape, i);
      expect(userPerson(shape, i)).toEqual({ email: u.email, name: u.name });
    }
  });

  it("jsonPage writes the same bytes as JSON.stringify, generated, edited and plain records mixed", () => {
    const records: unknown[] = [];
    for (let i = 0; i < 50; i++) records.push(generateTicket(shape, i, person).record, generateUser(shape, i));
    records.push({ ...(records[0] as object), subject: 'Édité "quoted" \u2603 \n\\' }, { a: 1 });
    const rest = { after_url: "http://127.0.0.1:1/x?cursor=abc%3D", next: null, end_of_stream: false, note: "Müller" };
    for (let k = 0; k < 3; k++) {
      const res = jsonPage(200, "tickets", k === 1 ? [] : records, rest);
      const body = RAW_BODIES.get(res)!;
      expect(body.toString("utf8")).toBe(JSON.stringify({ tickets: k === 1 ? [] : records, ...rest }));
    }
  });
});
