import { describe, expect, it } from "vitest";
import { decodeUtf8InPlace } from "./decode-utf8.js";
import { seededRandom } from "../testing/seeded-random.js";

/** Decodes a copy, so the test can compare with the original bytes. */
const decodeUtf8 = (bytes: Buffer) => decodeUtf8InPlace(Buffer.from(bytes));


describe("decodeUtf8InPlace", () => {
  it("gives exactly toString('utf8') for ASCII, Latin-1, other scripts, emoji, a BOM and invalid bytes", () => {
    const texts = ["", "plain {\"a\":1}", "é", "Héllo wörld ÿ", "Ā", "a€b", "café, then Ā, then é again", "ÿ" + "x".repeat(70) + "日本 é", "日本語", "\u{1F600}", "\uFEFF{}", "x".repeat(1001) + "é"];
    for (const text of texts) {
      const bytes = Buffer.from(text, "utf8");
      expect(decodeUtf8(bytes), JSON.stringify(text)).toBe(text);
    }
    for (const raw of [[0x61, 0xc3, 0x28], [0xc3], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const bytes = Buffer.from(raw);
      expect(decodeUtf8(bytes)).toBe(bytes.toString("utf8"));
    }
  });

  it("agrees with toString('utf8') on random byte strings at every alignment", () => {
    const next = seededRandom(7);
    const alphabet = ["a", "{", "\"", "é", "ÿ", "\u0080", "Ā", "€", "\u{1F600}", "\n"];
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(next() * (next() < 0.1 ? 400 : 40));
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * (next() < 0.8 ? 6 : alphabet.length))];
      const encoded = Buffer.from(text, "utf8");
      // Sometimes corrupt a byte, and decode from an unaligned offset of a larger buffer.
      if (encoded.length > 0 && next() < 0.2) encoded[Math.floor(next() * encoded.length)] = Math.floor(next() * 256);
      const offset = Math.floor(next() * 4);
      const expected = encoded.toString("utf8");
      const unaligned = Buffer.concat([Buffer.alloc(offset), encoded]).subarray(offset);
      expect(decodeUtf8InPlace(unaligned)).toBe(expected);
    }
  });
});
